import { sql, type SQL } from "drizzle-orm";
import { teamManagersOf } from "../db/team-managers";

/**
 * The set-based statements of one round of the SLA risk pass (see risk-pass.ts). Raw SQL on the D1
 * binding, not drizzle: drizzle cannot put raw `sql` into a D1 batch (drizzle-orm#2277), and these
 * are INSERT … SELECT / UPDATE statements over whole sets that the query builder would only obscure.
 * The exception is (c), the round's events as rows for the outbox's statements (src/db/outbox.ts),
 * which ticket writes share: drizzle builds it and the pass prepares its text on the binding.
 *
 * Parameters are numbered and the same in every statement, so no statement binds anything per row
 * and D1's 100-parameter limit never applies, whatever the round's size:
 *   ?1 the round's pass id, ?2 now (ms), ?3 the round's limit, ?4 the team (scoped passes only).
 * SQLite counts a statement's parameters up to the highest ?N it uses, so the caller binds ?1…?N.
 */

// Larger than any instant: stands in for "no crossing" inside min(), which would return NULL if
// given one.
const NEVER = "9223372036854775807";

/**
 * The rowids of at most ?3 metrics whose next crossing is due, earliest first. Only the partial
 * index on next_crossing_at (or on (team_id, next_crossing_at)) is read: paused and met metrics
 * have no next crossing once a pass has seen them, so a quiet pass reads one index entry. Ties are broken
 * by rowid inside the index, so the two statements that use the pick in one batch (one transaction,
 * nothing changes in between) pick the same rows.
 */
export function pickDue(scoped: boolean): string {
  const team = scoped ? "team_id = ?4 AND " : "";
  const index = scoped ? "sla_metrics_team_next_crossing_idx" : "sla_metrics_next_crossing_idx";
  return `SELECT rowid FROM sla_metrics INDEXED BY ${index}
    WHERE ${team}next_crossing_at IS NOT NULL AND next_crossing_at <= ?2
    ORDER BY next_crossing_at LIMIT ?3`;
}

/** Whether anything is due: one seek in the partial index, so a quiet pass costs one read. */
export function anyDue(scoped: boolean): string {
  return `SELECT EXISTS (${pickDue(scoped)}) AS due`;
}

/**
 * (a) One event per band whose instant has passed, for the picked metrics. A crossing counts only
 * before the clock stopped (met or paused): a stopped clock keeps its instants, which tell the band
 * it stopped in, and comes here only for a crossing it reached before stopping. The rows go in in the order of their instants (then band order, for due-soon landing on
 * high-risk), so `seq` follows time; ON CONFLICT DO NOTHING makes a band already recorded, by an
 * earlier or overlapping pass or the team room, a no-op, and only new rows carry this pass id.
 * (SQLite needs a WHERE clause before an upsert on INSERT … SELECT; this one has a real one.)
 */
export function insertEvents(scoped: boolean): string {
  return `WITH picked AS MATERIALIZED (SELECT * FROM sla_metrics WHERE rowid IN (${pickDue(scoped)})),
  bands(ord, band) AS (VALUES (1, 'warning'), (2, 'high_risk'), (3, 'due_soon'), (4, 'breached')),
  crossings AS (
    SELECT p.ticket_id, p.org_id, p.team_id, p.metric, b.band, b.ord,
           CASE b.ord WHEN 1 THEN p.warning_at WHEN 2 THEN p.high_risk_at WHEN 3 THEN p.due_soon_at ELSE p.breached_at END AS at,
           min(coalesce(p.met_at, ${NEVER}), coalesce(p.paused_since, ${NEVER})) AS stopped_at
    FROM picked p CROSS JOIN bands b)
  INSERT INTO sla_events (ticket_id, org_id, team_id, metric, band, at, recorded_at, pass_id)
  SELECT ticket_id, org_id, team_id, metric, band, at, ?2, ?1 FROM crossings
  WHERE at <= ?2 AND at < stopped_at
  ORDER BY at, ord, ticket_id, metric
  ON CONFLICT DO NOTHING`;
}

/**
 * (b) A history row per event this round inserted, in the events' order. `at` is when the pass
 * recorded it (history stays in time order by seq); the crossing instant itself is in `to`.
 */
export const insertHistory = `INSERT INTO ticket_history (ticket_id, at, actor_id, action, from_value, to_value, ip)
  SELECT ticket_id, ?2, NULL, 'sla.' || band, NULL, json_object('metric', metric, 'band', band, 'at', at), NULL
  FROM sla_events WHERE pass_id = ?1 ORDER BY seq`;

/**
 * (c) The round's events as outbox rows (src/db/outbox.ts), one per event: the facts an email or a
 * webhook renders, with the message the in-app copy shows.
 */
export function slaEventRows(passId: string): SQL {
  const message = sql.raw(`t.key || ': ' || e.metric || CASE e.band
           WHEN 'warning' THEN ' is at warning (due '
           WHEN 'high_risk' THEN ' is at high risk (due '
           WHEN 'due_soon' THEN ' is due soon (due '
           ELSE ' is breached (was due ' END
         || coalesce(strftime('%Y-%m-%dT%H:%MZ', coalesce(m.due_at, m.breached_at) / 1000, 'unixepoch'), 'unknown') || ')'`);
  return sql`SELECT e.seq AS ord, e.org_id, e.team_id, e.ticket_id, t.key AS ticket_key, 'sla.' || e.band AS event, e.metric, e.band,
      ${message} AS message,
      json_object('message', ${message}, 'ticketKey', t.key, 'title', t.title, 'metric', e.metric, 'band', e.band, 'at', e.at,
                  'dueAt', coalesce(m.due_at, m.breached_at)) AS payload,
      t.assignee_id
    FROM sla_events e
    JOIN tickets t ON t.id = e.ticket_id
    LEFT JOIN sla_metrics m ON m.ticket_id = e.ticket_id AND m.metric = e.metric
    WHERE e.pass_id = ${passId}`;
}

/**
 * (c) Who hears of the round's events (contract §6): the team's managers (src/db/team-managers.ts,
 * once per team of the round) and the ticket's assignee.
 */
export function slaRecipientRows(passId: string): SQL {
  return sql`WITH events AS MATERIALIZED (${slaEventRows(passId)}),
  managers AS MATERIALIZED (${teamManagersOf(sql`SELECT DISTINCT org_id, team_id FROM events`)}),
  people AS (
    SELECT ev.ord, m.user_id FROM events ev JOIN managers m ON m.team_id = ev.team_id
    UNION SELECT ev.ord, ev.assignee_id FROM events ev WHERE ev.assignee_id IS NOT NULL)
  SELECT ev.ord, ev.org_id, ev.team_id, ev.ticket_id, ev.ticket_key, ev.event, ev.metric, ev.band, ev.message, ev.payload, p.user_id
  FROM events ev JOIN people p ON p.ord = ev.ord`;
}

/**
 * (d) Counts the events this round inserted as changes of their teams' tickets (teams.live_changes),
 * so that a team room can tell from D1 whether it missed any.
 */
export const countLiveChanges = `UPDATE teams
  SET live_changes = live_changes + (SELECT count(*) FROM sla_events e WHERE e.pass_id = ?1 AND e.team_id = teams.id)
  WHERE id IN (SELECT team_id FROM sla_events WHERE pass_id = ?1)`;

/** The email and webhook deliveries this round wrote (its events' and its escalations'), for the queue. */
export const deliveriesOfBatch = `SELECT id FROM deliveries WHERE batch_id = ?1`;

/** (e) The events this round inserted, in order, for the team rooms to publish. */
export const raisedEvents = `SELECT ticket_id, team_id, metric, band, at FROM sla_events WHERE pass_id = ?1 ORDER BY seq`;

const after = (column: string) => `CASE WHEN ${column} > ?2 THEN ${column} ELSE ${NEVER} END`;

/**
 * (f) Moves each picked metric to its next crossing: the smallest instant still ahead, or none
 * (then it leaves the index until a write re-times it). Last in the batch, so (a) picked the same
 * rows; its `changes` is the number of metrics the round handled.
 */
export function advanceMetrics(scoped: boolean): string {
  const next = `nullif(min(${["warning_at", "high_risk_at", "due_soon_at", "breached_at"].map(after).join(", ")}), ${NEVER})`;
  return `UPDATE sla_metrics
  SET next_crossing_at = CASE WHEN met_at IS NOT NULL OR paused_since IS NOT NULL THEN NULL ELSE ${next} END
  WHERE rowid IN (${pickDue(scoped)})`;
}
