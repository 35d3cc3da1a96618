CREATE TABLE `automations` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`on_event` text NOT NULL,
	`conditions` text NOT NULL,
	`actions` text NOT NULL,
	`position` integer NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `automations_org_event_idx` ON `automations` (`org_id`,`on_event`,`position`);--> statement-breakpoint
CREATE INDEX `automations_org_created_idx` ON `automations` (`org_id`,`created_at`,`id`);--> statement-breakpoint
ALTER TABLE `team_members` ADD `assign_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `team_members` ADD `last_assigned_at` integer;