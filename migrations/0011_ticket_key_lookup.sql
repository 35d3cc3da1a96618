-- A ticket by key (GET /tickets/OPS-12, and every write addressed by key) is the newest with that
-- key, as a moved ticket keeps its key: with created_at in the key index, the index both finds and
-- orders it. Without, SQLite chose the (org_id, created_at) index to skip the sort and walked the
-- organization's tickets newest first until the key matched: every ticket newer than it was read.
DROP INDEX `tickets_org_key_idx`;--> statement-breakpoint
CREATE INDEX `tickets_org_key_idx` ON `tickets` (`org_id`,`key`,`created_at`);