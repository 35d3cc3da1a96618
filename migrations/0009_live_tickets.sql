CREATE TABLE `live_tickets` (
	`ticket_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`org_id` text NOT NULL,
	`team_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`token_exp` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `live_tickets_expires_idx` ON `live_tickets` (`expires_at`);
