import { createDb } from "../db/client";
import { nextCrossingOfTeam } from "../db/sla-metrics";
import { liveChangesOf } from "../db/teams";
import { listTickets } from "../db/ticket-list";
import { nextStepOfTeam, ticketsByIds } from "../db/tickets";
import { ticketScope } from "../domain/ticket-access";
import { ACTIVE_STATUSES } from "../domain/ticket-fields";
import type { SteppedTicket } from "../jobs/ladder-pass";
import type { RaisedEvent } from "../jobs/risk-pass";
import { ticketViewAt } from "../views/ticket-view";
import type { LiveIdentity, RoomEvent } from "./events";
import { slaEvent, ticketEvent } from "./publish";

/** Active tickets in a snapshot at most (the newest by update). */
export const SNAPSHOT_LIMIT = 500;


/** What a team room follows in D1: the team's next SLA crossing, its next escalation step, and its count of committed changes. */
export type TeamInD1 = { nextCrossingAt: number | undefined; nextStepAt: number | undefined; committed: number };

/** One batch of three index seeks. */
export async function readTeam(d1: D1Database, teamId: string): Promise<TeamInD1> {
  const db = createDb(d1);
  const [[next], [step], [team]] = await db.batch([nextCrossingOfTeam(db, teamId), nextStepOfTeam(db, teamId), liveChangesOf(db, teamId)]);
  return { nextCrossingAt: next?.at ?? undefined, nextStepAt: step?.at ?? undefined, committed: team?.liveChanges ?? 0 };
}

/** The team's active tickets as `who` may see them, with their sla block at `now` (D1 is the source of truth). */
export async function snapshotFor(d1: D1Database, who: LiveIdentity, teamId: string, now: Date) {
  const rows = await listTickets(createDb(d1), who.orgId, ticketScope(who.role, who.userId), { teamId, status: ACTIVE_STATUSES }, undefined, {
    field: "updatedAt",
    descending: true,
    limit: SNAPSHOT_LIMIT - 1,
  });
  return rows.map((row) => ticketViewAt(row, now));
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
