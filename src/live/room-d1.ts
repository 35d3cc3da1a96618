import { createDb } from "../db/client";
import { nextCrossingOfTeam } from "../db/sla-metrics";
import { liveChangesOf } from "../db/teams";
import { listTickets } from "../db/ticket-list";
import { ticketsByIds } from "../db/tickets";
import { ticketScope } from "../domain/ticket-access";
import { ACTIVE_STATUSES } from "../domain/ticket-fields";
import type { RaisedEvent } from "../jobs/risk-pass";
import { ticketViewAt } from "../views/ticket-view";
import type { LiveIdentity, RoomEvent } from "./events";
import { slaEvent } from "./publish";

/** Active tickets in a snapshot at most (the newest by update). */
export const SNAPSHOT_LIMIT = 500;


/** What a team room follows in D1: the team's next SLA crossing and its count of committed changes. */
export type TeamInD1 = { nextCrossingAt: number | undefined; committed: number };

/** One batch of two index seeks. */
export async function readTeam(d1: D1Database, teamId: string): Promise<TeamInD1> {
  const db = createDb(d1);
  const [[next], [team]] = await db.batch([nextCrossingOfTeam(db, teamId), liveChangesOf(db, teamId)]);
  return { nextCrossingAt: next?.at ?? undefined, committed: team?.liveChanges ?? 0 };
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

/** The room events of SLA events a pass raised, each with its ticket as at `now`; a ticket deleted since has none. */
export async function slaRoomEvents(d1: D1Database, raised: readonly RaisedEvent[], now: Date): Promise<RoomEvent[]> {
  if (raised.length === 0) return [];
  const tickets = await ticketsByIds(createDb(d1), [...new Set(raised.map((event) => event.ticketId))]);
  const byId = new Map(tickets.map((ticket) => [ticket.id, ticket]));
  return raised.flatMap((event) => {
    const ticket = byId.get(event.ticketId);
    return ticket ? [slaEvent(event, ticket, now)] : [];
  });
}
