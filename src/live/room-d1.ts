import { createDb } from "../db/client";
import { nextCrossingOfTeam } from "../db/sla-metrics";
import { liveChangesOf } from "../db/teams";
import { mostUrgentTickets, nextStepOfTeam, ticketsByIds } from "../db/tickets";
import { ticketScope } from "../domain/ticket-access";
import { ACTIVE_STATUSES } from "../domain/ticket-fields";
import type { SteppedTicket } from "../jobs/ladder-pass";
import type { RaisedEvent } from "../jobs/risk-pass";
import { ticketViewAt } from "../views/ticket-view";
import type { LiveIdentity, RoomEvent } from "./events";
import { slaEvent, ticketEvent } from "./publish";

/** Active tickets in a snapshot at most (contract §7: at least 500); the client loads the rest with `GET /tickets?teamId=`. */
export const SNAPSHOT_LIMIT = 500;

/** What a team room follows in D1: the team's next SLA crossing, its next escalation step, and its count of committed changes. */
export type TeamInD1 = { nextCrossingAt: number | undefined; nextStepAt: number | undefined; committed: number };

/** One batch of three index seeks. */
export async function readTeam(d1: D1Database, teamId: string): Promise<TeamInD1> {
  const db = createDb(d1);
  const [[next], [step], [team]] = await db.batch([nextCrossingOfTeam(db, teamId), nextStepOfTeam(db, teamId), liveChangesOf(db, teamId)]);
  return { nextCrossingAt: next?.at ?? undefined, nextStepAt: step?.at ?? undefined, committed: team?.liveChanges ?? 0 };
}

/**
 * The snapshot message at `seq` of the team's active tickets as `who` may see them, with their sla
 * block at `now` (D1 is the source of truth): the SNAPSHOT_LIMIT most urgent, and `partial` when the
 * team has more, which one row read beyond the limit tells without a count.
 */
export async function snapshotMessage(d1: D1Database, who: LiveIdentity, teamId: string, seq: number, now: Date): Promise<string> {
  const scope = ticketScope(who.role, who.userId);
  const rows = await mostUrgentTickets(createDb(d1), who.orgId, scope, { teamId, status: ACTIVE_STATUSES }, now.getTime(), SNAPSHOT_LIMIT + 1);
  const tickets = rows.slice(0, SNAPSHOT_LIMIT).map((row) => ticketViewAt(row, now));
  return JSON.stringify({ type: "snapshot", seq, tickets, partial: rows.length > SNAPSHOT_LIMIT });
}

/**
 * The room events of what passes did: the SLA events raised, then the tickets escalated, each with
 * its ticket as at `now` (one read for all); a ticket deleted since has none.
 */
export async function passRoomEvents(d1: D1Database, raised: readonly RaisedEvent[], escalated: readonly SteppedTicket[], now: Date): Promise<RoomEvent[]> {
  const ids = new Set([...raised, ...escalated].map((event) => event.ticketId));
  if (ids.size === 0) return [];
  const byId = new Map((await ticketsByIds(createDb(d1), [...ids])).map((ticket) => [ticket.id, ticket]));
  const sla = raised.flatMap((event) => {
    const ticket = byId.get(event.ticketId);
    return ticket ? [slaEvent(event, ticket, now)] : [];
  });
  const steps = escalated.flatMap((step) => {
    const ticket = byId.get(step.ticketId);
    return ticket ? [ticketEvent("ticket.escalated", ticket, now)] : [];
  });
  return [...sla, ...steps];
}
