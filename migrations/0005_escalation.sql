CREATE TABLE `escalation_policies` (
	`team_id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`levels` text NOT NULL,
	`thresholds` text NOT NULL,
	`repeat` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `escalations` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`team_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`level` integer NOT NULL,
	`reason` text NOT NULL,
	`trigger` text NOT NULL,
	`created_at` integer NOT NULL,
	`acknowledged_at` integer,
	`acknowledged_by` text,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `escalations_ticket_created_idx` ON `escalations` (`ticket_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `escalations_org_created_idx` ON `escalations` (`org_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `escalations_team_created_idx` ON `escalations` (`team_id`,`created_at`,`id`);--> statement-breakpoint
ALTER TABLE `team_members` ADD `max_active` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `escalation_id` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `escalation_batch` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `escalation_since` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `escalation_round` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `tickets` ADD `escalation_next_step_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `escalation_acknowledged_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `escalation_acknowledged_by` text;--> statement-breakpoint
CREATE INDEX `tickets_escalation_next_idx` ON `tickets` (`escalation_next_step_at`) WHERE "tickets"."escalation_next_step_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `tickets_team_escalation_next_idx` ON `tickets` (`team_id`,`escalation_next_step_at`) WHERE "tickets"."escalation_next_step_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `tickets_escalation_batch_idx` ON `tickets` (`escalation_batch`) WHERE "tickets"."escalation_batch" IS NOT NULL;