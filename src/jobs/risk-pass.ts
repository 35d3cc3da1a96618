import { createDb } from "../db/client";
import { insertEmailDeliveriesFrom, insertNotificationsFrom, insertWebhookDeliveriesFrom } from "../db/outbox";
import { advanceMetrics, anyDue, countLiveChanges, insertEvents, insertHistory, raisedEvents, slaEventRows, slaRecipientRows } from "./risk-pass-sql";

/**
 * The SLA risk pass (contract §4): raises the band events of every metric whose next crossing is
 * due, exactly once per (ticket, metric, band), and moves each metric to its next crossing.
 *
 * It is O(crossings), not O(tickets): every metric stores the absolute instants of its crossings
 * and the next one in a partial index, so a round reads only the metrics due, and a quiet pass
 * is a single index seek (one row read, at 1,000 or 100,000 open tickets alike). A round is ONE D1
 * batch, i.e. one transaction, of set-based statements (events, history, notifications, the teams'
 * change counts, the events raised, advance): two passes that overlap serialize, the second finds
 * the metrics already moved or the events already there, and only rows inserted under the round's
 * own pass id produce history, notifications and live events. The team room's alarm runs it on
 * time, scoped to its team; the cron runs it every five minutes as the safety net.
 */

export type RiskPassOptions = {
  /** Only this team's metrics (the team room's alarm). */
  teamId?: string;
  /** Metrics per round (per batch). */
  limit?: number;
  /**
   * Rounds at most; what is left waits for the next pass. Only a pass far behind (after an outage)
   * gets near it, and stopping keeps it well inside the cron's CPU and wall-time limits.
   */
  maxRounds?: number;
  /** The caller has just read that a crossing is due (the room's alarm): skip the probe that asks again. */
  knownDue?: boolean;
};

/** One SLA event a pass raised (and no pass before it): `at` is the crossing instant, in ms. */
export type RaisedEvent = { ticketId: string; teamId: string; metric: "response" | "resolution"; band: string; at: number };

/**
 * `rowsRead` is D1's own count over every statement of the pass: what D1 bills, and what must not
 * grow with open tickets. `raised` are the events this pass raised, in order.
 */
export type RiskPassSummary = {
  rounds: number;
  metricsTouched: number;
  eventsRaised: number;
  rowsRead: number;
  raised: RaisedEvent[];
  /** The email and webhook deliveries the raised events wrote, for the delivery queue. */
  deliveryIds: string[];
};

type RaisedRow = { ticket_id: string; team_id: string; metric: RaisedEvent["metric"]; band: string; at: number };

export const RISK_PASS_LIMIT = 2_000;
const MAX_ROUNDS = 50;

// The highest ?N a statement uses: D1 wants exactly that many values bound.
const arity = (sql: string) => Math.max(0, ...[...sql.matchAll(/\?(\d+)/g)].map((match) => Number(match[1])));

const prepare = (d1: D1Database, text: string, params: unknown[]) => d1.prepare(text).bind(...params.slice(0, arity(text)));

/** A drizzle-built statement prepared on the binding, to share a raw batch. */
function prepared(d1: D1Database, query: { toSQL(): { sql: string; params: unknown[] } }): D1PreparedStatement {
  const { sql, params } = query.toSQL();
  return d1.prepare(sql).bind(...params);
}

/**
 * A round: (a) events, (b) history, (c) the outbox (in-app, email, webhook), (d) the teams' change
 * counts, (e) the events raised, (f) advance. The outbox sits between (b) and (d), so its delivery
 * inserts are results 3 and 4.
 */
function roundStatements(d1: D1Database, params: unknown[], now: number): D1PreparedStatement[] {
  const scoped = params[3] !== undefined;
  const [passId] = params as [string];
  const db = createDb(d1);
  const recipients = slaRecipientRows(passId);
  return [
    prepare(d1, insertEvents(scoped), params),
    prepare(d1, insertHistory, params),
    prepared(d1, insertNotificationsFrom(db, recipients, now)),
    prepared(d1, insertEmailDeliveriesFrom(db, recipients, passId, now)),
    prepared(d1, insertWebhookDeliveriesFrom(db, slaEventRows(passId), passId, now)),
    ...[countLiveChanges, raisedEvents, advanceMetrics(scoped)].map((text) => prepare(d1, text, params)),
  ];
}

/** Most passes find nothing due: one index seek answers that, without a round's statements. */
async function probeDue(d1: D1Database, params: unknown[], scoped: boolean, summary: RiskPassSummary): Promise<boolean> {
  const probe = await prepare(d1, anyDue(scoped), params).all<{ due: number }>();
  summary.rowsRead += probe.meta.rows_read ?? 0;
  return probe.results[0]?.due === 1;
}

export async function runRiskPass(d1: D1Database, now: number, options: RiskPassOptions = {}): Promise<RiskPassSummary> {
  const limit = options.limit ?? RISK_PASS_LIMIT;
  const maxRounds = options.maxRounds ?? MAX_ROUNDS;
  const started = Date.now();
  const summary: RiskPassSummary = { rounds: 0, metricsTouched: 0, eventsRaised: 0, rowsRead: 0, raised: [], deliveryIds: [] };
  let rowsWritten = 0;
  const paramsOf = (passId: string) => (options.teamId === undefined ? [passId, now, limit] : [passId, now, limit, options.teamId]);
  let due = options.knownDue === true || (await probeDue(d1, paramsOf(""), options.teamId !== undefined, summary));
  while (due && summary.rounds < maxRounds) {
    // A fresh id per round: the history and notification statements of a round select the events
    // by it, so they must see only that round's inserts.
    const results = await d1.batch(roundStatements(d1, paramsOf(crypto.randomUUID()), now));
    const [events, , , email, webhook, , raised, advanced] = results;
    // Prepared from drizzle's text, the inserts answer their rows by column name.
    for (const row of [...email!.results, ...webhook!.results] as { id: string }[]) summary.deliveryIds.push(row.id);
    summary.rounds += 1;
    summary.eventsRaised += events!.meta.changes;
    for (const row of (raised as D1Result<RaisedRow>).results) summary.raised.push({ ticketId: row.ticket_id, teamId: row.team_id, metric: row.metric, band: row.band, at: row.at });
    summary.metricsTouched += advanced!.meta.changes;
    for (const result of results) {
      summary.rowsRead += result.meta.rows_read ?? 0;
      rowsWritten += result.meta.rows_written ?? 0;
    }
    due = advanced!.meta.changes === limit;
  }
  console.info(
    JSON.stringify({
      event: "sla_risk_pass",
      now: new Date(now).toISOString(),
      teamId: options.teamId ?? null,
      rounds: summary.rounds,
      metricsTouched: summary.metricsTouched,
      eventsRaised: summary.eventsRaised,
      deliveries: summary.deliveryIds.length,
      rowsRead: summary.rowsRead,
      rowsWritten,
      ms: Date.now() - started,
    }),
  );
  return summary;
}
