CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`user_id` text NOT NULL,
	`type` text NOT NULL,
	`ticket_id` text,
	`ticket_key` text,
	`metric` text,
	`band` text,
	`message` text NOT NULL,
	`read` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notifications_user_created_idx` ON `notifications` (`user_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `notifications_ticket_idx` ON `notifications` (`ticket_id`);--> statement-breakpoint
CREATE TABLE `sla_calendars` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`timezone` text NOT NULL,
	`hours` text NOT NULL,
	`holidays` text DEFAULT '[]' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sla_calendars_org_name_idx` ON `sla_calendars` (`org_id`,`name`,`id`);--> statement-breakpoint
CREATE TABLE `sla_events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` text NOT NULL,
	`org_id` text NOT NULL,
	`team_id` text NOT NULL,
	`metric` text NOT NULL,
	`band` text NOT NULL,
	`at` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	`pass_id` text NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sla_events_ticket_metric_band_unique` ON `sla_events` (`ticket_id`,`metric`,`band`);--> statement-breakpoint
CREATE INDEX `sla_events_pass_idx` ON `sla_events` (`pass_id`);--> statement-breakpoint
CREATE TABLE `sla_metrics` (
	`ticket_id` text NOT NULL,
	`metric` text NOT NULL,
	`org_id` text NOT NULL,
	`team_id` text NOT NULL,
	`policy_id` text,
	`calendar_id` text,
	`target_minutes` integer NOT NULL,
	`due_soon_minutes` integer NOT NULL,
	`started_at` integer NOT NULL,
	`paused_ms` integer DEFAULT 0 NOT NULL,
	`paused_since` integer,
	`met_at` integer,
	`due_at` integer,
	`warning_at` integer,
	`high_risk_at` integer,
	`due_soon_at` integer,
	`breached_at` integer,
	`next_crossing_at` integer,
	PRIMARY KEY(`ticket_id`, `metric`),
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sla_metrics_next_crossing_idx` ON `sla_metrics` (`next_crossing_at`) WHERE `next_crossing_at` IS NOT NULL;--> statement-breakpoint
CREATE INDEX `sla_metrics_team_next_crossing_idx` ON `sla_metrics` (`team_id`,`next_crossing_at`) WHERE `next_crossing_at` IS NOT NULL;--> statement-breakpoint
CREATE INDEX `sla_metrics_calendar_idx` ON `sla_metrics` (`calendar_id`);--> statement-breakpoint
CREATE INDEX `sla_metrics_policy_idx` ON `sla_metrics` (`policy_id`);--> statement-breakpoint
CREATE TABLE `sla_policies` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`priority` text NOT NULL,
	`category` text,
	`customer` text,
	`response_minutes` integer NOT NULL,
	`resolution_minutes` integer NOT NULL,
	`calendar_id` text,
	`due_soon_minutes` integer DEFAULT 60 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`calendar_id`) REFERENCES `sla_calendars`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sla_policies_org_priority_idx` ON `sla_policies` (`org_id`,`priority`);--> statement-breakpoint
CREATE INDEX `sla_policies_calendar_idx` ON `sla_policies` (`calendar_id`);--> statement-breakpoint
-- Written by hand: the default policies of contract §4 for every organization that exists already
-- (new organizations get them when they register).
INSERT INTO `sla_policies` (`id`, `org_id`, `name`, `priority`, `response_minutes`, `resolution_minutes`, `due_soon_minutes`, `created_at`, `updated_at`)
SELECT lower(hex(randomblob(16))), o.`id`, 'Default ' || d.`priority`, d.`priority`, d.`response`, d.`resolution`, 60,
       unixepoch('subsec') * 1000, unixepoch('subsec') * 1000
FROM `organizations` o
CROSS JOIN (SELECT 'P1' AS `priority`, 15 AS `response`, 240 AS `resolution`
            UNION ALL SELECT 'P2', 60, 480
            UNION ALL SELECT 'P3', 240, 1440
            UNION ALL SELECT 'P4', 1440, 7200) d;
