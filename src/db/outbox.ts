import { sql, type SQL } from "drizzle-orm";
import { DEFAULT_CHOICE } from "../domain/notification-preferences";
import type { Database } from "./client";
import { deliveries, notifications } from "./schema";
import { teamManagersOf } from "./team-managers";

/**
 * The outbox of contract §6: the set-based statements that turn events into in-app notifications
 * and email and webhook deliveries, for the batch of the change that raised them. A ticket write
 * feeds them one event's recipients; the risk pass feeds them every event of its round. Either way
 * they are three INSERT … SELECT statements, never one per recipient.
 *
 * `recipientRows` is a SELECT with the columns (ord, org_id, team_id, ticket_id, ticket_key, event,
 * metric, band, message, payload, user_id): one row per event and person, `ord` ordering the events.
 * `eventRows` has the same columns but user_id: one row per event. Preferences are applied here; a person without a row for
 * the event gets the defaults, a deactivated person nothing.
 */

const flag = (value: boolean) => sql.raw(value ? "1" : "0");
const newId = sql.raw("lower(hex(randomblob(16)))");

function chosen(recipientRows: SQL, channel: "in_app" | "email", fallback: boolean): SQL {
  return sql`FROM (${recipientRows}) r
    JOIN users u ON u.id = r.user_id AND u.org_id = r.org_id AND u.active = 1
    LEFT JOIN notification_preferences p ON p.user_id = r.user_id AND p.event = r.event
    WHERE coalesce(p.${sql.raw(channel)}, ${flag(fallback)}) = 1
    ORDER BY r.ord, r.user_id`;
}

/** In-app notifications for every recipient who keeps the app channel for the event. */
export function insertNotificationsFrom(db: Database, recipientRows: SQL, at: number) {
  return db
    .insert(notifications)
    .select(sql`SELECT ${newId}, r.org_id, r.user_id, r.event, r.ticket_id, r.ticket_key, r.metric, r.band, r.message, 0, ${at} ${chosen(recipientRows, "in_app", DEFAULT_CHOICE.inApp)}`);
}

/** An email delivery for every recipient who chose email for the event; answers their ids (as `deliveryId`, see `deliveryIdsOf`). */
export function insertEmailDeliveriesFrom(db: Database, recipientRows: SQL, batchId: string, at: number) {
  return db
    .insert(deliveries)
    .select(
      sql`SELECT ${newId}, r.org_id, ${batchId}, 'email', r.event, r.user_id, NULL, r.team_id, r.ticket_id, r.payload, 'pending', 0, NULL, NULL, ${at}, NULL, NULL, ${at}
      ${chosen(recipientRows, "email", DEFAULT_CHOICE.email)}`,
    )
    .returning({ deliveryId: deliveries.id });
}

/**
 * A webhook delivery for every enabled webhook of the event's team that takes the event (or `*`),
 * or only to webhook `only` of the organization (an automation's notify); answers their ids.
 */
export function insertWebhookDeliveriesFrom(db: Database, eventRows: SQL, batchId: string, at: number, only?: string) {
  const target = only
    ? sql`JOIN webhooks w ON w.id = ${only} AND w.org_id = r.org_id AND w.enabled = 1`
    : sql`JOIN webhooks w ON w.team_id = r.team_id AND w.enabled = 1 WHERE EXISTS (SELECT 1 FROM json_each(w.events) e WHERE e.value IN (r.event, '*'))`;
  return db
    .insert(deliveries)
    .select(
      sql`SELECT ${newId}, r.org_id, ${batchId}, 'webhook', r.event, NULL, w.id, r.team_id, r.ticket_id, r.payload, 'pending', 0, NULL, NULL, ${at}, NULL, NULL, ${at}
      FROM (${eventRows}) r ${target}
      ORDER BY r.ord, w.id`,
    )
    .returning({ deliveryId: deliveries.id });
}

/** One event of one ticket, as a ticket write raises it. */
export type TicketNotice = {
  type: string;
  ticketId: string;
  /** The ticket must still be at this version (the write's own condition); absent: it must exist. */
  version?: number;
  recipients: readonly string[];
  /** What happened, after the ticket's key: `OPS-12: ${text}`. */
  text: string;
  /** The facts emails and webhooks render, beside the message and key the statements add. */
  facts: Record<string, unknown>;
  metric?: string | null;
  band?: string | null;
  /** The team's managers hear of it too (contract §6: an unassignable ticket). */
  toTeamManagers?: boolean;
  /** The ticket's assignee as stored hears of it too, but `except` (the actor): for an assignee chosen in the same batch. */
  toStoredAssignee?: { except: string };
  /** The organization's admins hear of it too (an automation's `notify` by role). */
  toOrgAdmins?: boolean;
  /** Only this webhook gets it, whatever the events it takes (an automation's `notify`); absent: the team's webhooks by event. */
  webhookId?: string;
  /** A further condition of the write the notice stands or falls with. */
  onlyIf?: SQL;
};

/** The event's rows: its recipients (or, with no recipients, one row for webhooks) from the ticket as stored. */
function noticeRows(notice: TicketNotice, perRecipient: boolean): SQL {
  const managers = notice.toTeamManagers
    ? sql` UNION SELECT user_id FROM (${teamManagersOf(sql`SELECT org_id, team_id FROM tickets WHERE id = ${notice.ticketId}`)})`
    : sql``;
  const assignee = notice.toStoredAssignee
    ? sql` UNION SELECT assignee_id FROM tickets WHERE id = ${notice.ticketId} AND assignee_id IS NOT ${notice.toStoredAssignee.except}`
    : sql``;
  const admins = notice.toOrgAdmins ? sql` UNION SELECT id FROM users WHERE role = 'admin' AND org_id = (SELECT org_id FROM tickets WHERE id = ${notice.ticketId})` : sql``;
  const people = perRecipient ? sql` JOIN (SELECT value AS user_id FROM json_each(${JSON.stringify(notice.recipients)})${managers}${assignee}${admins}) p` : sql``;
  const version = notice.version === undefined ? sql`` : sql` AND t.version = ${notice.version}`;
  const message = sql`t.key || ': ' || ${notice.text}`;
  return sql`SELECT 0 AS ord, t.org_id, t.team_id, t.id AS ticket_id, t.key AS ticket_key, ${notice.type} AS event, ${notice.metric ?? null} AS metric,
      ${notice.band ?? null} AS band, ${message} AS message,
      json_set(${JSON.stringify(notice.facts)}, '$.message', ${message}, '$.ticketKey', t.key, '$.title', t.title) AS payload,
      ${perRecipient ? sql`p.user_id` : sql`NULL`} AS user_id
    FROM tickets t${people} WHERE t.id = ${notice.ticketId}${version}${notice.onlyIf ? sql` AND ${notice.onlyIf}` : sql``}`;
}

/**
 * The statements of one ticket event, for the batch of the write that raised it, placed where the
 * ticket is as the notice describes it (before a conditional update, with that update's version).
 */
export function ticketNoticeStatements(db: Database, notice: TicketNotice, batchId: string, at: number) {
  const recipients = noticeRows(notice, true);
  return [
    insertNotificationsFrom(db, recipients, at),
    insertEmailDeliveriesFrom(db, recipients, batchId, at),
    insertWebhookDeliveriesFrom(db, noticeRows(notice, false), batchId, at, notice.webhookId),
  ] as const;
}
