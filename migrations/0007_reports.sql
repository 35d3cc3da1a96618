ALTER TABLE `sla_metrics` ADD `met_elapsed_ms` integer;--> statement-breakpoint
CREATE INDEX `sla_metrics_org_met_idx` ON `sla_metrics` (`org_id`,`met_at`) WHERE "sla_metrics"."met_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `sla_events_org_band_at_idx` ON `sla_events` (`org_id`,`band`,`at`);--> statement-breakpoint
CREATE INDEX `tickets_org_resolved_idx` ON `tickets` (`org_id`,`resolved_at`) WHERE "tickets"."resolved_at" IS NOT NULL;--> statement-breakpoint
-- Clocks met before this migration: on the 24x7 calendar business time is wall time, so their
-- counted time is exact here; those on a business calendar stay null and are left out of medians.
UPDATE `sla_metrics` SET `met_elapsed_ms` = max(0, min(`met_at`, coalesce(`paused_since`, `met_at`)) - `started_at` - `paused_ms`) WHERE `met_at` IS NOT NULL AND `calendar_id` IS NULL;
