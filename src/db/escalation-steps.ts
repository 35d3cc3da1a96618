import { eq, sql, type SQL } from "drizzle-orm";
import { DEFAULT_POLICY } from "../domain/escalation-policy";
import type { Database } from "./client";
import { insertEmailDeliveriesFrom, insertNotificationsFrom, insertWebhookDeliveriesFrom } from "./outbox";
import { escalations, teams, ticketHistory, tickets } from "./schema";
import { teamManagersOf } from "./team-managers";

/**
 * What follows a step of escalation ladders, for whatever wrote the step: a manual escalation, a
 * P1's creation, a second reopen, the risk pass's thresholds, or the ladder pass's timeouts. The
 * write sets `tickets.escalation_batch` to its own id on every ticket it stepped (and a fresh
 * `escalation_id`); these set-based statements then select exactly those tickets, in the same
 * batch: the `escalations` row, the history row, and `ticket.escalated` to the level's people and
 * the assignee (contract §5, §6), through the outbox. A ticket the write did not step (a stale or
 * a lost race) has no row with the batch id, so nothing follows for it.
 */

const DEFAULT_LEVELS = JSON.stringify(DEFAULT_POLICY.levels);

/** Why and how: the trigger's name and the reason, as SQL over the stepped ticket `t`. */
export type StepCause = { trigger: SQL; reason: SQL };

/** The tickets a batch stepped, with their level's definition (`rung`) from the team's policy or the default. */
function stepped(batchId: string): SQL {
  return sql`SELECT t.id, t.org_id, t.team_id, t.key, t.title, t.assignee_id, t.escalation_level AS level, t.escalation_id,
      json_extract(coalesce(p.levels, ${DEFAULT_LEVELS}), '$[' || (t.escalation_level - 1) || ']') AS rung
    FROM tickets t LEFT JOIN escalation_policies p ON p.team_id = t.team_id
    WHERE t.escalation_batch = ${batchId}`;
}

/** The outbox rows of the stepped tickets: one per ticket, or (with people) one per ticket and person. */
function escalatedRows(batchId: string, actorId: string | null, perPerson: boolean): SQL {
  const message = sql`s.key || ': escalated to level ' || s.level || ' (' || e.reason || ')'`;
  const people = sql`,
    managers AS MATERIALIZED (${teamManagersOf(sql`SELECT DISTINCT org_id, team_id FROM stepped`)}),
    people AS (
      SELECT s.id AS ticket_id, u.value AS user_id FROM stepped s, json_each(coalesce(json_extract(s.rung, '$.userIds'), '[]')) u
      UNION SELECT s.id, m.user_id FROM stepped s JOIN managers m ON m.team_id = s.team_id WHERE json_extract(s.rung, '$.role') = 'manager'
      UNION SELECT s.id, a.id FROM stepped s JOIN users a ON a.org_id = s.org_id AND a.role = 'admin' AND a.active = 1 WHERE json_extract(s.rung, '$.role') = 'admin'
      UNION SELECT s.id, s.assignee_id FROM stepped s WHERE s.assignee_id IS NOT NULL)`;
  return sql`WITH stepped AS MATERIALIZED (${stepped(batchId)})${perPerson ? people : sql``}
    SELECT 0 AS ord, s.org_id, s.team_id, s.id AS ticket_id, s.key AS ticket_key, 'ticket.escalated' AS event, NULL AS metric, NULL AS band,
      ${message} AS message,
      json_object('message', ${message}, 'ticketKey', s.key, 'title', s.title, 'level', s.level, 'trigger', e.trigger, 'actorId', ${actorId}) AS payload
      ${perPerson ? sql`, p.user_id` : sql``}
    FROM stepped s JOIN escalations e ON e.id = s.escalation_id
    ${perPerson ? sql`JOIN people p ON p.ticket_id = s.id WHERE p.user_id IS NOT ${actorId}` : sql``}`;
}

/**
 * `history`: write the step's history rows (unless the write's own row is the escalation, as for a
 * manual one). `forRooms`: count each stepped ticket as a change of its team (teams.live_changes),
 * for the passes, whose rooms then publish a `ticket.escalated` of their own; a ticket write counts
 * and publishes its one change itself.
 */
export type FollowUpOptions = { history: boolean; forRooms: boolean };

/**
 * The statements that follow a step, in order, for the batch that wrote it (after the write):
 * the escalations rows, the outbox, then as the options say the history rows and the rooms' count.
 */
export function escalationFollowUps(db: Database, batchId: string, cause: StepCause, actorId: string | null, now: number, options: FollowUpOptions) {
  const recipients = escalatedRows(batchId, actorId, true);
  const statements = [
    db.insert(escalations).select(sql`SELECT t.escalation_id, t.org_id, t.team_id, t.id, t.escalation_level, ${cause.reason}, ${cause.trigger}, ${now}, NULL, NULL
      FROM tickets t WHERE t.escalation_batch = ${batchId}`),
    insertNotificationsFrom(db, recipients, now),
    insertEmailDeliveriesFrom(db, recipients, batchId, now),
    insertWebhookDeliveriesFrom(db, escalatedRows(batchId, actorId, false), batchId, now),
  ] as const;
  const history = db.insert(ticketHistory).select(sql`SELECT NULL, t.id, ${now}, ${actorId}, 'escalated', NULL,
      json_object('level', t.escalation_level, 'trigger', e.trigger, 'reason', e.reason), NULL
    FROM tickets t JOIN escalations e ON e.id = t.escalation_id WHERE t.escalation_batch = ${batchId}`);
  const count = options.forRooms ? [countStepsForRooms(db, batchId)] : [];
  return [...statements, ...(options.history ? [history] : []), ...count];
}

/** Counts each ticket the batch stepped as a change of its team, for the rooms' count (teams.live_changes). */
function countStepsForRooms(db: Database, batchId: string) {
  return db
    .update(teams)
    .set({ liveChanges: sql`${teams.liveChanges} + (SELECT count(*) FROM tickets t WHERE t.escalation_batch = ${batchId} AND t.team_id = ${teams.id})` })
    .where(sql`${teams.id} IN (SELECT team_id FROM tickets WHERE escalation_batch = ${batchId})`);
}

/** The tickets a batch stepped, for the rooms to publish `ticket.escalated`. */
export function steppedTickets(db: Database, batchId: string) {
  return db.select({ ticketId: tickets.id, teamId: tickets.teamId }).from(tickets).where(eq(tickets.escalationBatch, batchId));
}
