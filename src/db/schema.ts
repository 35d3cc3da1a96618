import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { Weekday } from "../domain/business-calendar";
import { ROLES } from "../domain/roles";
import { PRIORITIES, TICKET_STATUSES } from "../domain/ticket-fields";
import { CROSSINGS } from "../domain/sla-clock";
import { DELIVERY_CHANNELS, DELIVERY_STATUSES } from "../domain/notification-events";
import type { ThresholdBand } from "../domain/escalation-policy";

// Instants are integer milliseconds since the epoch: comparable, indexable, and exact.
const instant = (name: string) => integer(name, { mode: "timestamp_ms" });
const createdAt = () => instant("created_at").notNull().default(sql`(unixepoch('subsec') * 1000)`);

export const organizations = sqliteTable("organizations", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  // IANA zone: what "a day" means in reports, and every member's email times unless they set their own.
  timezone: text("timezone").notNull().default("UTC"),
  // A token the triggers of migration 0012 renew on every change of what a create reads (teams,
  // rules, SLA policies and calendars, escalation policies): a create's copy of that configuration
  // kept in isolate memory is good while its token is current (src/services/ticket-create-reads.ts).
  configVersion: text("config_version").notNull().default("0"),
  createdAt: createdAt(),
});

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    passwordHash: text("password_hash").notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    failedLogins: integer("failed_logins").notNull().default(0),
    lockedUntil: instant("locked_until"),
    // IANA zone of the user's emails; null: the organization's.
    timezone: text("timezone"),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [
    // Sign-in names no organization, so an email is unique across all of them.
    uniqueIndex("users_email_unique").on(t.email),
    index("users_org_created_idx").on(t.orgId, t.createdAt, t.id),
    index("users_org_name_idx").on(t.orgId, t.name, t.id),
    index("users_org_email_idx").on(t.orgId, t.email, t.id),
  ],
);

export const teams = sqliteTable(
  "teams",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    name: text("name").notNull(),
    key: text("key").notNull(),
    autoAssign: integer("auto_assign", { mode: "boolean" }).notNull().default(false),
    // The number of the team's latest ticket; a create bumps it in the same batch as the insert.
    lastTicketNumber: integer("last_ticket_number").notNull().default(0),
    // How many changes of the team's tickets have committed: every write that publishes to the
    // team's live room moves it in its own batch, so the room can tell a lost publish from D1.
    liveChanges: integer("live_changes").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("teams_org_key_unique").on(t.orgId, t.key),
    index("teams_org_created_idx").on(t.orgId, t.createdAt, t.id),
    index("teams_org_name_idx").on(t.orgId, t.name, t.id),
  ],
);

export const teamMembers = sqliteTable(
  "team_members",
  {
    teamId: text("team_id").notNull().references(() => teams.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    skills: text("skills", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    available: integer("available", { mode: "boolean" }).notNull().default(true),
    // Active tickets auto-assignment may give the member at most; null: no cap.
    maxActive: integer("max_active"),
    // Tickets given to the member in this team, and when the latest was: auto-assignment's round
    // robin reads them, and an auto-assignment is conditional on the count it read.
    assignCount: integer("assign_count").notNull().default(0),
    lastAssignedAt: instant("last_assigned_at"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index("team_members_user_idx").on(t.userId)],
);

export const refreshTokens = sqliteTable(
  "refresh_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    familyId: text("family_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: instant("expires_at").notNull(),
    usedAt: instant("used_at"),
    replacedBy: text("replaced_by"),
    revokedAt: instant("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("refresh_tokens_hash_unique").on(t.tokenHash),
    index("refresh_tokens_family_idx").on(t.familyId),
    index("refresh_tokens_user_idx").on(t.userId),
  ],
);

export const passwordResets = sqliteTable(
  "password_resets",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    expiresAt: instant("expires_at").notNull(),
    usedAt: instant("used_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("password_resets_hash_unique").on(t.tokenHash), index("password_resets_user_idx").on(t.userId)],
);

export const tickets = sqliteTable(
  "tickets",
  {
    // The rowid, declared so that it is stable: the search index (tickets_fts) is keyed by it, and
    // an undeclared rowid may be renumbered by VACUUM. Clients only ever see `id`.
    seq: integer("seq").primaryKey(),
    id: text("id").notNull(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    teamId: text("team_id").notNull().references(() => teams.id),
    // The n of the key, counted per team from teams.last_ticket_number; the key keeps the team key of its birth.
    number: integer("number").notNull(),
    key: text("key").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    priority: text("priority", { enum: PRIORITIES }).notNull(),
    category: text("category"),
    status: text("status", { enum: TICKET_STATUSES }).notNull().default("new"),
    assigneeId: text("assignee_id").references(() => users.id),
    requesterId: text("requester_id").notNull().references(() => users.id),
    customer: text("customer"),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    version: integer("version").notNull().default(1),
    reopenCount: integer("reopen_count").notNull().default(0),
    escalationLevel: integer("escalation_level").notNull().default(0),
    // The escalation ladder (contract §5), 0/null while none runs. `escalationId` is the current
    // level's `escalations` row; `escalationBatch` the write that made the current step, so that
    // write's follow-up statements (the escalations row, history, notifications) select exactly the
    // tickets it stepped. `escalationNextStepAt` is set only while the ladder runs: acknowledging,
    // resolving, closing or the end of the ladder clear it, so it alone says what is due.
    escalationId: text("escalation_id"),
    escalationBatch: text("escalation_batch"),
    escalationSince: instant("escalation_since"),
    escalationRound: integer("escalation_round").notNull().default(0),
    escalationNextStepAt: instant("escalation_next_step_at"),
    escalationAcknowledgedAt: instant("escalation_acknowledged_at"),
    escalationAcknowledgedBy: text("escalation_acknowledged_by"),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull(),
    firstRespondedAt: instant("first_responded_at"),
    resolvedAt: instant("resolved_at"),
    closedAt: instant("closed_at"),
  },
  (t) => [
    uniqueIndex("tickets_id_unique").on(t.id),
    // No unique (team_id, number): a ticket moved to another team keeps its key and number (contract
    // §2), which may equal one of the new team's own; numbers come from the team's counter in the create's batch.
    // With created_at: a key may repeat (a moved ticket keeps its key), and the newest is the one
    // meant; without it SQLite walked the organization's tickets by date to avoid the sort.
    index("tickets_org_key_idx").on(t.orgId, t.key, t.createdAt),
    index("tickets_org_created_idx").on(t.orgId, t.createdAt, t.id),
    index("tickets_org_updated_idx").on(t.orgId, t.updatedAt, t.id),
    index("tickets_org_priority_idx").on(t.orgId, t.priority, t.id),
    index("tickets_team_created_idx").on(t.teamId, t.createdAt, t.id),
    index("tickets_org_status_created_idx").on(t.orgId, t.status, t.createdAt, t.id),
    index("tickets_assignee_created_idx").on(t.assigneeId, t.createdAt, t.id),
    index("tickets_requester_created_idx").on(t.requesterId, t.createdAt, t.id),
    index("tickets_escalation_next_idx").on(t.escalationNextStepAt).where(sql`${t.escalationNextStepAt} IS NOT NULL`),
    index("tickets_team_escalation_next_idx").on(t.teamId, t.escalationNextStepAt).where(sql`${t.escalationNextStepAt} IS NOT NULL`),
    index("tickets_escalation_batch_idx").on(t.escalationBatch).where(sql`${t.escalationBatch} IS NOT NULL`),
    // Reports: an organization's resolutions in a range.
    index("tickets_org_resolved_idx").on(t.orgId, t.resolvedAt).where(sql`${t.resolvedAt} IS NOT NULL`),
  ],
);

export const ticketHistory = sqliteTable(
  "ticket_history",
  {
    // An integer key keeps the rows of one instant in the order they were written.
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    ticketId: text("ticket_id").notNull().references(() => tickets.id, { onDelete: "cascade" }),
    at: instant("at").notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    from: text("from_value", { mode: "json" }).$type<unknown>(),
    to: text("to_value", { mode: "json" }).$type<unknown>(),
    ip: text("ip"),
  },
  (t) => [index("ticket_history_ticket_idx").on(t.ticketId, t.seq)],
);

export const comments = sqliteTable(
  "comments",
  {
    id: text("id").primaryKey(),
    ticketId: text("ticket_id").notNull().references(() => tickets.id, { onDelete: "cascade" }),
    authorId: text("author_id").notNull().references(() => users.id),
    body: text("body").notNull(),
    public: integer("public", { mode: "boolean" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("comments_ticket_created_idx").on(t.ticketId, t.createdAt, t.id)],
);

export const attachments = sqliteTable(
  "attachments",
  {
    id: text("id").primaryKey(),
    ticketId: text("ticket_id").notNull().references(() => tickets.id, { onDelete: "cascade" }),
    orgId: text("org_id").notNull().references(() => organizations.id),
    name: text("name").notNull(),
    size: integer("size").notNull(),
    contentType: text("content_type").notNull(),
    sha256: text("sha256").notNull(),
    objectKey: text("object_key").notNull(),
    uploadedBy: text("uploaded_by").notNull().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("attachments_ticket_created_idx").on(t.ticketId, t.createdAt, t.id)],
);

/** A create answered once per (user, operation, key) for 24 h (contract §1). */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    // Null while the first request is still running.
    responseStatus: integer("response_status"),
    responseBody: text("response_body"),
    createdAt: createdAt(),
    expiresAt: instant("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.scope, t.key] }), index("idempotency_keys_expires_idx").on(t.expiresAt)],
);

/** A business-hours calendar (contract §4); a policy without one counts every minute (24x7). */
export const slaCalendars = sqliteTable(
  "sla_calendars",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    name: text("name").notNull(),
    timezone: text("timezone").notNull(),
    hours: text("hours", { mode: "json" }).$type<Partial<Record<Weekday, [string, string][]>>>().notNull(),
    holidays: text("holidays", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [index("sla_calendars_org_name_idx").on(t.orgId, t.name, t.id)],
);

export const slaPolicies = sqliteTable(
  "sla_policies",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    name: text("name").notNull(),
    priority: text("priority", { enum: PRIORITIES }).notNull(),
    category: text("category"),
    customer: text("customer"),
    responseMinutes: integer("response_minutes").notNull(),
    resolutionMinutes: integer("resolution_minutes").notNull(),
    calendarId: text("calendar_id").references(() => slaCalendars.id),
    dueSoonMinutes: integer("due_soon_minutes").notNull().default(60),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [index("sla_policies_org_priority_idx").on(t.orgId, t.priority), index("sla_policies_calendar_idx").on(t.calendarId)],
);

export const SLA_METRICS = ["response", "resolution"] as const;
export const SLA_EVENT_BANDS = CROSSINGS;

/**
 * One SLA clock of a ticket with the absolute instants at which it will cross each band, and the
 * next of them, so the risk pass reads only the clocks with a crossing due (an indexed range),
 * never every open ticket. Instants are null while the clock is paused or met.
 */
export const slaMetrics = sqliteTable(
  "sla_metrics",
  {
    ticketId: text("ticket_id").notNull().references(() => tickets.id, { onDelete: "cascade" }),
    metric: text("metric", { enum: SLA_METRICS }).notNull(),
    orgId: text("org_id").notNull(),
    teamId: text("team_id").notNull(),
    policyId: text("policy_id"),
    calendarId: text("calendar_id"),
    targetMinutes: integer("target_minutes").notNull(),
    dueSoonMinutes: integer("due_soon_minutes").notNull(),
    startedAt: instant("started_at").notNull(),
    pausedMs: integer("paused_ms").notNull().default(0),
    pausedSince: instant("paused_since"),
    metAt: instant("met_at"),
    // Business ms the clock had counted when it was met (null while unmet): what reports take
    // medians of, stored because business time needs the calendar, which SQL does not have.
    metElapsedMs: integer("met_elapsed_ms"),
    dueAt: instant("due_at"),
    warningAt: instant("warning_at"),
    highRiskAt: instant("high_risk_at"),
    dueSoonAt: instant("due_soon_at"),
    breachedAt: instant("breached_at"),
    nextCrossingAt: instant("next_crossing_at"),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.metric] }),
    index("sla_metrics_next_crossing_idx").on(t.nextCrossingAt).where(sql`${t.nextCrossingAt} IS NOT NULL`),
    index("sla_metrics_team_next_crossing_idx").on(t.teamId, t.nextCrossingAt).where(sql`${t.nextCrossingAt} IS NOT NULL`),
    index("sla_metrics_calendar_idx").on(t.calendarId),
    index("sla_metrics_policy_idx").on(t.policyId),
    // Risk bands now (riskRankAt: the board, `?risk=`, reports): every column it reads, so each
    // ticket's two clocks are one index seek each, without a visit to the table.
    index("sla_metrics_risk_idx").on(t.ticketId, t.metric, t.metAt, t.pausedSince, t.warningAt, t.highRiskAt, t.breachedAt),
    // Reports: the metrics of an organization met in a range.
    index("sla_metrics_org_met_idx").on(t.orgId, t.metAt).where(sql`${t.metAt} IS NOT NULL`),
  ],
);

/** A band a metric crossed, recorded once: the unique key makes every pass and alarm idempotent. */
export const slaEvents = sqliteTable(
  "sla_events",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    ticketId: text("ticket_id").notNull().references(() => tickets.id, { onDelete: "cascade" }),
    orgId: text("org_id").notNull(),
    teamId: text("team_id").notNull(),
    metric: text("metric", { enum: SLA_METRICS }).notNull(),
    band: text("band", { enum: SLA_EVENT_BANDS }).notNull(),
    at: instant("at").notNull(),
    recordedAt: instant("recorded_at").notNull(),
    // Which pass inserted the row: the same batch then notifies exactly the rows it inserted.
    passId: text("pass_id").notNull(),
  },
  (t) => [
    uniqueIndex("sla_events_ticket_metric_band_unique").on(t.ticketId, t.metric, t.band),
    index("sla_events_pass_idx").on(t.passId),
    // Reports: an organization's breaches (or other crossings) in a range.
    index("sla_events_org_band_at_idx").on(t.orgId, t.band, t.at),
  ],
);

/** In-app notifications (contract §6); the SLA pass writes them for the team's managers. */
export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    ticketId: text("ticket_id").references(() => tickets.id, { onDelete: "cascade" }),
    ticketKey: text("ticket_key"),
    metric: text("metric"),
    band: text("band"),
    message: text("message").notNull(),
    read: integer("read", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index("notifications_user_created_idx").on(t.userId, t.createdAt, t.id),
    index("notifications_user_unread_idx").on(t.userId, t.createdAt, t.id).where(sql`${t.read} = 0`),
    index("notifications_ticket_idx").on(t.ticketId),
  ],
);

/** A user's channel choices for one event (contract §6); a missing row means the defaults. */
export const notificationPreferences = sqliteTable(
  "notification_preferences",
  {
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
    inApp: integer("in_app", { mode: "boolean" }).notNull(),
    email: integer("email", { mode: "boolean" }).notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.event] })],
);

/** A team's webhook (contract §6, Standard Webhooks); `secret` is the whole `whsec_…` string. */
export const webhooks = sqliteTable(
  "webhooks",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    teamId: text("team_id").notNull().references(() => teams.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    events: text("events", { mode: "json" }).$type<string[]>().notNull(),
    secret: text("secret").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    disabledAt: instant("disabled_at"),
    disabledReason: text("disabled_reason"),
    // The first failure of the current run of failures; a success clears it. 24 h of it disables.
    failingSince: instant("failing_since"),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [index("webhooks_team_created_idx").on(t.teamId, t.createdAt, t.id)],
);

/**
 * One email or webhook delivery (contract §6), the outbox: written in the batch of the change that
 * caused it, then sent through the DELIVERIES queue. D1, not the queue, is the truth: the cron
 * re-enqueues a pending delivery whose attempt is long overdue, and a conditional claim
 * (`claimed_until`) lets only one consumer send it. `payload` holds the event's facts as they were
 * at the change; the sender reads the ticket again for its current state.
 */
export const deliveries = sqliteTable(
  "deliveries",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    // The write or risk-pass round that created it: the batch reads its own rows back by it.
    batchId: text("batch_id").notNull(),
    channel: text("channel", { enum: DELIVERY_CHANNELS }).notNull(),
    event: text("event").notNull(),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    webhookId: text("webhook_id").references(() => webhooks.id, { onDelete: "cascade" }),
    teamId: text("team_id"),
    ticketId: text("ticket_id"),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    lastStatus: integer("last_status"),
    nextAttemptAt: instant("next_attempt_at"),
    claimedUntil: instant("claimed_until"),
    sentAt: instant("sent_at"),
    createdAt: instant("created_at").notNull(),
  },
  (t) => [
    index("deliveries_batch_idx").on(t.batchId),
    index("deliveries_pending_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("deliveries_org_created_idx").on(t.orgId, t.createdAt, t.id),
    index("deliveries_org_status_created_idx").on(t.orgId, t.status, t.createdAt, t.id),
    index("deliveries_webhook_created_idx").on(t.webhookId, t.createdAt, t.id),
  ],
);

/** A team's escalation policy (contract §5); a team without one uses the default (src/domain/escalation-policy.ts). */
export const escalationPolicies = sqliteTable("escalation_policies", {
  teamId: text("team_id")
    .primaryKey()
    .references(() => teams.id, { onDelete: "cascade" }),
  orgId: text("org_id").notNull(),
  levels: text("levels", { mode: "json" }).$type<{ userIds?: string[]; role?: "manager" | "admin"; ackTimeoutMinutes: number }[]>().notNull(),
  thresholds: text("thresholds", { mode: "json" }).$type<Partial<Record<string, ThresholdBand>>>().notNull(),
  repeat: integer("repeat").notNull().default(0),
  updatedAt: instant("updated_at").notNull(),
});

/** One step of a ticket's escalation ladder: the level it reached, why, and its acknowledgement. */
export const escalations = sqliteTable(
  "escalations",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    teamId: text("team_id").notNull(),
    ticketId: text("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    level: integer("level").notNull(),
    reason: text("reason").notNull(),
    trigger: text("trigger").notNull(),
    createdAt: instant("created_at").notNull(),
    acknowledgedAt: instant("acknowledged_at"),
    acknowledgedBy: text("acknowledged_by"),
  },
  (t) => [
    index("escalations_ticket_created_idx").on(t.ticketId, t.createdAt, t.id),
    index("escalations_org_created_idx").on(t.orgId, t.createdAt, t.id),
    index("escalations_team_created_idx").on(t.teamId, t.createdAt, t.id),
  ],
);

/** An automation rule (contract §9): on an event, if the conditions hold, the actions, in `position` order. */
export const automations = sqliteTable(
  "automations",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id),
    name: text("name").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    on: text("on_event").notNull(),
    conditions: text("conditions", { mode: "json" }).$type<{ all?: unknown[]; any?: unknown[] }>().notNull(),
    actions: text("actions", { mode: "json" }).$type<unknown[]>().notNull(),
    // Rules run in this order (then by creation): a new rule goes last.
    position: integer("position").notNull(),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [index("automations_org_event_idx").on(t.orgId, t.on, t.position), index("automations_org_created_idx").on(t.orgId, t.createdAt, t.id)],
);

/**
 * A one-time ticket to open a team's live room (contract §7), kept by its SHA-256 only: a browser
 * cannot set headers on a WebSocket, and a ticket in a URL is spent on first use and dead within
 * 30 s. In D1, not in isolate memory, because the ticket and the upgrade may reach different
 * isolates. No foreign keys: a row lives seconds, and its use checks the account and team afresh.
 */
export const liveTickets = sqliteTable(
  "live_tickets",
  {
    ticketHash: text("ticket_hash").primaryKey(),
    userId: text("user_id").notNull(),
    orgId: text("org_id").notNull(),
    teamId: text("team_id").notNull(),
    expiresAt: instant("expires_at").notNull(),
    // The issuing access token's `exp` (seconds): the socket is closed with 4401 when it passes.
    tokenExpiresAt: integer("token_exp").notNull(),
  },
  (t) => [index("live_tickets_expires_idx").on(t.expiresAt)],
);
