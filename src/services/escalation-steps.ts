import { sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { escalationFollowUps } from "../db/escalation-steps";
import type { TicketPatch, TicketRow } from "../db/tickets";
import type { Ladder } from "../domain/escalation-ladder";
import type { EscalationTrigger } from "../domain/escalation-policy";


/** A ticket's ladder as stored. */
export function ladderOf(ticket: TicketRow): Ladder {
  return {
    level: ticket.escalationLevel,
    round: ticket.escalationRound,
    since: ticket.escalationSince?.getTime() ?? null,
    nextStepAt: ticket.escalationNextStepAt?.getTime() ?? null,
    acknowledgedAt: ticket.escalationAcknowledgedAt?.getTime() ?? null,
    acknowledgedBy: ticket.escalationAcknowledgedBy,
  };
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

/**
 * A step of one ticket's ladder as a write makes it: the ticket's new ladder fields (a fresh
 * escalations row id, the write's batch id) and the statements that follow it in the same batch.
 */
export function ladderStep(db: Database, ladder: Ladder, cause: { trigger: EscalationTrigger; reason: string }, actorId: string, now: Date) {
  const batchId = crypto.randomUUID();
  const patch: TicketPatch = {
    escalationLevel: ladder.level,
    escalationRound: ladder.round,
    escalationSince: date(ladder.since),
    escalationNextStepAt: date(ladder.nextStepAt),
    escalationAcknowledgedAt: date(ladder.acknowledgedAt),
    escalationAcknowledgedBy: ladder.acknowledgedBy,
    escalationId: crypto.randomUUID(),
    escalationBatch: batchId,
  };
  const after = escalationFollowUps(db, batchId, { trigger: sql`${cause.trigger}`, reason: sql`${cause.reason}` }, actorId, now.getTime(), { history: cause.trigger !== "manual", forRooms: false });
  return { patch, after: [...after], history: { level: ladder.level, trigger: cause.trigger, reason: cause.reason } };
}
