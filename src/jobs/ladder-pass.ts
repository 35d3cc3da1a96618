import { createDb } from "../db/client";
import { escalationFollowUps, steppedTickets } from "../db/escalation-steps";
import { sql } from "drizzle-orm";
import { prepare, prepared } from "./d1-statements";
import { anyStepDue, endSpentLadders, stepTimeouts } from "./ladder-sql";
import { deliveriesOfBatch } from "./risk-pass-sql";

/** A ticket a pass escalated, for its team's room to publish `ticket.escalated`. */
export type SteppedTicket = { ticketId: string; teamId: string };
export type LadderPassSummary = { stepped: SteppedTicket[]; deliveryIds: string[] };

const LIMIT = 500;


/**
 * The escalation timeouts of contract §5: every ladder whose level was not acknowledged by now
 * steps once, in one D1 batch (one transaction): the step, its escalations rows, history and
 * notifications, and the teams' change counts. Two passes that overlap (the team room's alarm and
 * the cron) serialize, and the second finds the timers already moved: each step happens once.
 * A quiet pass is one index seek. `teamId` scopes it to one team (the room's alarm).
 */
export async function runLadderPass(d1: D1Database, now: number, options: { teamId?: string } = {}): Promise<LadderPassSummary> {
  const scoped = options.teamId !== undefined;
  const batchId = crypto.randomUUID();
  const params = scoped ? [batchId, now, LIMIT, options.teamId] : [batchId, now, LIMIT];
  const probe = await prepare(d1, anyStepDue(scoped), params).first<{ due: number }>();
  if (probe?.due !== 1) return { stepped: [], deliveryIds: [] };
  const db = createDb(d1);
  const cause = {
    trigger: sql`'timeout'`,
    reason: sql`(CASE WHEN t.escalation_level = 1 THEN 'the last level' ELSE 'level ' || (t.escalation_level - 1) END) || ' was not acknowledged in time'`,
  };
  const followUps = escalationFollowUps(db, batchId, cause, null, now, { history: true, forRooms: true });
  const results = await d1.batch([
    prepare(d1, endSpentLadders(scoped), params),
    prepare(d1, stepTimeouts(scoped), params),
    ...followUps.map((statement) => prepared(d1, statement)),
    prepared(d1, steppedTickets(db, batchId)),
    prepare(d1, deliveriesOfBatch, params),
  ]);
  // Prepared from drizzle's text, rows come by column name.
  const [stepped, deliveries] = results.slice(-2).map((result) => result.results as Record<string, string>[]);
  console.info(JSON.stringify({ event: "escalation_ladder_pass", now: new Date(now).toISOString(), teamId: options.teamId ?? null, stepped: stepped!.length }));
  return { stepped: stepped!.map((row) => ({ ticketId: row.id!, teamId: row.team_id! })), deliveryIds: deliveries!.map((row) => row.id!) };
}
