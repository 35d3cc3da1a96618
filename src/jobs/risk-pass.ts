import { createDb } from "../db/client";
import { sql } from "drizzle-orm";
import { escalationFollowUps, steppedTickets } from "../db/escalation-steps";
import { prepare, prepared } from "./d1-statements";
import type { SteppedTicket } from "./ladder-pass";
import { raiseAtThresholds } from "./ladder-sql";
import { insertEmailDeliveriesFrom, insertNotificationsFrom, insertWebhookDeliveriesFrom } from "../db/outbox";
import { advanceMetrics, anyDue, countLiveChanges, deliveriesOfBatch, insertEvents, insertHistory, raisedEvents, slaEventRows, slaRecipientRows } from "./risk-pass-sql";

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
  /** The tickets whose ladder the events' thresholds raised, for their rooms' `ticket.escalated`. */
  escalated: SteppedTicket[];
  /** The email and webhook deliveries the raised events and escalations wrote, for the delivery queue. */
  deliveryIds: string[];
};

type RaisedRow = { ticket_id: string; team_id: string; metric: RaisedEvent["metric"]; band: string; at: number };

export const RISK_PASS_LIMIT = 2_000;
const MAX_ROUNDS = 50;


/** Why the pass escalates a ticket: the clock that reached the threshold band, latest first. */
const SLA_CAUSE = {
  trigger: sql`'sla'`,
  reason: sql`(SELECT 'the ' || e.metric || ' clock reached ' || e.band FROM sla_events e WHERE e.pass_id = t.escalation_batch AND e.ticket_id = t.id ORDER BY e.seq DESC LIMIT 1)`,
};

/**
 * A round, named: (a) events, (b) history, (c) the outbox (in-app, email, webhook), (d) the
 * ladders the events' thresholds raise (contract §5) with their follow-ups, (e) the teams' change
 * counts, (f) the events raised and the tickets escalated, (g) advance, last.
 */
function roundStatements(d1: D1Database, params: unknown[], now: number) {
  const scoped = params[3] !== undefined;
  const [passId] = params as [string];
  const db = createDb(d1);
  const recipients = slaRecipientRows(passId);
  const escalation = escalationFollowUps(db, passId, SLA_CAUSE, null, now, { history: true, forRooms: true });
  const statements = {
    events: prepare(d1, insertEvents(scoped), params),
    history: prepare(d1, insertHistory, params),
    outbox: [insertNotificationsFrom(db, recipients, now), insertEmailDeliveriesFrom(db, recipients, passId, now), insertWebhookDeliveriesFrom(db, slaEventRows(passId), passId, now)].map((query) => prepared(d1, query)),
    raise: prepare(d1, raiseAtThresholds, params),
    escalation: escalation.map((query) => prepared(d1, query)),
    count: prepare(d1, countLiveChanges, params),
    raised: prepare(d1, raisedEvents, params),
    escalated: prepared(d1, steppedTickets(db, passId)),
    deliveries: prepare(d1, deliveriesOfBatch, params),
    advanced: prepare(d1, advanceMetrics(scoped), params),
  };
  // Flattened in this order; a named statement's result is found by its place.
  const order = Object.entries(statements).flatMap(([name, value]) => (Array.isArray(value) ? value.map(() => name) : [name]));
  return { statements: Object.values(statements).flat(), at: (name: keyof typeof statements) => order.indexOf(name) };
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
  const summary: RiskPassSummary = { rounds: 0, metricsTouched: 0, eventsRaised: 0, rowsRead: 0, raised: [], escalated: [], deliveryIds: [] };
  let rowsWritten = 0;
  const paramsOf = (passId: string) => (options.teamId === undefined ? [passId, now, limit] : [passId, now, limit, options.teamId]);
  let due = options.knownDue === true || (await probeDue(d1, paramsOf(""), options.teamId !== undefined, summary));
  while (due && summary.rounds < maxRounds) {
    // A fresh id per round: the history and notification statements of a round select the events
    // by it, so they must see only that round's inserts.
    const round = roundStatements(d1, paramsOf(crypto.randomUUID()), now);
    const results = await d1.batch(round.statements);
    const result = (name: Parameters<typeof round.at>[0]) => results[round.at(name)]!;
    for (const row of result("deliveries").results as { id: string }[]) summary.deliveryIds.push(row.id);
    summary.rounds += 1;
    summary.eventsRaised += result("events").meta.changes;
    for (const row of (result("raised") as D1Result<RaisedRow>).results) summary.raised.push({ ticketId: row.ticket_id, teamId: row.team_id, metric: row.metric, band: row.band, at: row.at });
    for (const row of result("escalated").results as { id: string; team_id: string }[]) summary.escalated.push({ ticketId: row.id, teamId: row.team_id });
    const advanced = result("advanced");
    summary.metricsTouched += advanced.meta.changes;
    for (const result of results) {
      summary.rowsRead += result.meta.rows_read ?? 0;
      rowsWritten += result.meta.rows_written ?? 0;
    }
    due = advanced.meta.changes === limit;
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
