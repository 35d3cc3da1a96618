CREATE TABLE `attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`ticket_id` text NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`size` integer NOT NULL,
	`content_type` text NOT NULL,
	`sha256` text NOT NULL,
	`object_key` text NOT NULL,
	`uploaded_by` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attachments_ticket_created_idx` ON `attachments` (`ticket_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `comments` (
	`id` text PRIMARY KEY NOT NULL,
	`ticket_id` text NOT NULL,
	`author_id` text NOT NULL,
	`body` text NOT NULL,
	`public` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `comments_ticket_created_idx` ON `comments` (`ticket_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`user_id` text NOT NULL,
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`response_status` integer,
	`response_body` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `scope`, `key`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `idempotency_keys_expires_idx` ON `idempotency_keys` (`expires_at`);--> statement-breakpoint
CREATE TABLE `ticket_history` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` text NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`from_value` text,
	`to_value` text,
	`ip` text,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ticket_history_ticket_idx` ON `ticket_history` (`ticket_id`,`seq`);--> statement-breakpoint
CREATE TABLE `tickets` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`org_id` text NOT NULL,
	`team_id` text NOT NULL,
	`number` integer NOT NULL,
	`key` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`priority` text NOT NULL,
	`category` text,
	`status` text DEFAULT 'new' NOT NULL,
	`assignee_id` text,
	`requester_id` text NOT NULL,
	`customer` text,
	`tags` text DEFAULT '[]' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`reopen_count` integer DEFAULT 0 NOT NULL,
	`escalation_level` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	`first_responded_at` integer,
	`resolved_at` integer,
	`closed_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requester_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_id_unique` ON `tickets` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_team_number_unique` ON `tickets` (`team_id`,`number`);--> statement-breakpoint
CREATE INDEX `tickets_org_key_idx` ON `tickets` (`org_id`,`key`);--> statement-breakpoint
CREATE INDEX `tickets_org_created_idx` ON `tickets` (`org_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_org_updated_idx` ON `tickets` (`org_id`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_org_priority_idx` ON `tickets` (`org_id`,`priority`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_team_created_idx` ON `tickets` (`team_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_org_status_created_idx` ON `tickets` (`org_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_assignee_created_idx` ON `tickets` (`assignee_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_requester_created_idx` ON `tickets` (`requester_id`,`created_at`,`id`);--> statement-breakpoint
ALTER TABLE `teams` ADD `last_ticket_number` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- Written by hand (drizzle-kit knows no virtual tables): full-text search over tickets for `q`.
-- One row per ticket, sharing the ticket's rowid (tickets.seq, declared so it stays stable); comments are split by visibility so that a
-- requester's search can be limited to what a requester may read. Triggers keep it in step
-- inside the same transaction as the write, so a batch that fails leaves it untouched too.
CREATE VIRTUAL TABLE `tickets_fts` USING fts5(`key`, `title`, `description`, `public_comments`, `internal_comments`, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `tickets_fts_after_insert` AFTER INSERT ON `tickets` BEGIN
  INSERT INTO `tickets_fts` (rowid, `key`, `title`, `description`, `public_comments`, `internal_comments`)
  VALUES (new.rowid, new.`key`, new.`title`, new.`description`, '', '');
END;
--> statement-breakpoint
CREATE TRIGGER `tickets_fts_after_update` AFTER UPDATE OF `title`, `description` ON `tickets` BEGIN
  UPDATE `tickets_fts` SET `title` = new.`title`, `description` = new.`description` WHERE rowid = new.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER `tickets_fts_after_delete` AFTER DELETE ON `tickets` BEGIN
  DELETE FROM `tickets_fts` WHERE rowid = old.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER `comments_fts_after_insert` AFTER INSERT ON `comments` BEGIN
  UPDATE `tickets_fts`
  SET `public_comments` = CASE WHEN new.`public` THEN `public_comments` || ' ' || new.`body` ELSE `public_comments` END,
      `internal_comments` = CASE WHEN new.`public` THEN `internal_comments` ELSE `internal_comments` || ' ' || new.`body` END
  WHERE rowid = (SELECT rowid FROM `tickets` WHERE `id` = new.`ticket_id`);
END;
