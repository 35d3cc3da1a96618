-- A create reads its team, the organization's rules, SLA policies with their calendars and the team's
-- escalation policy, and keeps them per isolate under the organization's config_version: each change
-- of those rows renews the token, so a create's write batch, which checks the token, never files a
-- ticket under a configuration that has changed since. A random token, not a counter, so that a
-- restored database (D1 Time Travel) can never bring back a token that once meant other rows.
ALTER TABLE `organizations` ADD `config_version` text DEFAULT '0' NOT NULL;--> statement-breakpoint
CREATE TRIGGER `automations_config_after_insert` AFTER INSERT ON `automations` BEGIN
  UPDATE `organizations` SET `config_version` = lower(hex(randomblob(8))) WHERE `id` = new.`org_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `automations_config_after_update` AFTER UPDATE ON `automations` BEGIN
  UPDATE `organizations` SET `config_version` = lower(hex(randomblob(8))) WHERE `id` = new.`org_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `automations_config_after_delete` AFTER DELETE ON `automations` BEGIN
  UPDATE `organizations` SET `config_version` = lower(hex(randomblob(8))) WHERE `id` = old.`org_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `sla_policies_config_after_insert` AFTER INSERT ON `sla_policies` BEGIN
  UPDATE `organizations` SET `config_version` = lower(hex(randomblob(8))) WHERE `id` = new.`org_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `sla_policies_config_after_update` AFTER UPDATE ON `sla_policies` BEGIN
  UPDATE `organizations` SET `config_version` = lower(hex(randomblob(8))) WHERE `id` = new.`org_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `sla_policies_config_after_delete` AFTER DELETE ON `sla_policies` BEGIN
  UPDATE `organizations` SET `config_version` = lower(hex(randomblob(8))) WHERE `id` = old.`org_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `sla_calendars_config_after_insert` AFTER INSERT ON `sla_calendars` BEGIN
  UPDATE `organizations` SET `config_version` = lower(hex(randomblob(8))) WHERE `id` = new.`org_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `sla_calendars_config_after_update` AFTER UPDATE ON `sla_calendars` BEGIN
  UPDATE `organizations` SET `config_version` = lower(hex(randomblob(8))) WHERE `id` = new.`org_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `sla_calendars_config_after_delete` AFTER DELETE ON `sla_calendars` BEGIN
  UPDATE `organizations` SET `config_version` = lower(hex(randomblob(8))) WHERE `id` = old.`org_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `escalation_policies_config_after_insert` AFTER INSERT ON `escalation_policies` BEGIN
  UPDATE `organizations` SET `config_version` = lower(hex(randomblob(8))) WHERE `id` = new.`org_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `escalation_policies_config_after_update` AFTER UPDATE ON `escalation_policies` BEGIN
  UPDATE `organizations` SET `config_version` = lower(hex(randomblob(8))) WHERE `id` = new.`org_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `escalation_policies_config_after_delete` AFTER DELETE ON `escalation_policies` BEGIN
  UPDATE `organizations` SET `config_version` = lower(hex(randomblob(8))) WHERE `id` = old.`org_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `teams_config_after_insert` AFTER INSERT ON `teams` BEGIN
  UPDATE `organizations` SET `config_version` = lower(hex(randomblob(8))) WHERE `id` = new.`org_id`;
END;
--> statement-breakpoint
-- Every create moves its team's counters; of a team, a create reads only auto_assign.
CREATE TRIGGER `teams_config_after_update` AFTER UPDATE OF `auto_assign` ON `teams` BEGIN
  UPDATE `organizations` SET `config_version` = lower(hex(randomblob(8))) WHERE `id` = new.`org_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `teams_config_after_delete` AFTER DELETE ON `teams` BEGIN
  UPDATE `organizations` SET `config_version` = lower(hex(randomblob(8))) WHERE `id` = old.`org_id`;
END;
