import { eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "../db/client";
import { policiesWithCalendars } from "../db/sla-governance";
import { putMetricAtVersion, unmetMetricsWhere, type MetricRow } from "../db/sla-metrics";
import { slaMetrics } from "../db/schema";
import { countLiveChange } from "../db/teams";
import { retargetHistoryAtVersion } from "../db/ticket-history";
import { ticketIsAt, ticketsByIds } from "../db/tickets";
import type { RoomEvent } from "../live/events";
import { deletedEvent, ticketEvent, type WakeRooms } from "../live/publish";
import { retarget } from "../domain/sla-lifecycle";
import { targetsOf } from "../domain/sla-timeline";
import { clockRows, governanceAmong } from "./sla-clocks";
import { storedClocks, type TicketWithClocks } from "./ticket-sla";

// Up to four statements per ticket (a re-target's history row, two metric rows and the room's
// count): 24 tickets make at most 96, within D1's 100 statements per batch.
const TICKETS_PER_BATCH = 24;

/** A ticket's re-time as read, and its statements; the last one counts it for its team's room. */
type Retime = { ticket: TicketWithClocks; statements: BatchItem<"sqlite">[] };

/**
 * Re-times the tickets with unmet clocks among `governed` after a policy or calendar changed: each ticket is
 * matched again against the organization's policies as they are now, keeps its elapsed and paused
 * time, and gets a new schedule; a new policy or new targets are recorded in its history (the SLA
 * timeline replays from them). Writes go in batches, each row guarded by its ticket's version so
 * a ticket edited meanwhile keeps the clocks its own edit computed (and its own edit's event). Then
 * the rooms of the re-timed tickets' teams get a `ticket.updated` for each and are woken: their
 * next crossings may have moved.
 */
async function retime(db: Database, orgId: string, governed: MetricRow[], now: Date, wake?: WakeRooms): Promise<number> {
  const ids = [...new Set(governed.map((row) => row.ticketId))];
  if (ids.length === 0) return 0;
  // Both clocks of each ticket come with it, met ones included: a met response keeps its state under new targets.
  const [tickets, policies] = await Promise.all([ticketsByIds(db, ids), policiesWithCalendars(db, orgId)]);
  const retimes = tickets.flatMap((ticket): Retime[] => {
    const stored = storedClocks(ticket);
    const governance = governanceAmong(policies, ticket);
    if (!stored || !governance) return [];
    const history = retargetHistoryAtVersion(db, { ticketId: ticket.id, at: now, actorId: null, ip: null }, targetsOf(stored.governance), targetsOf(governance), ticket.version);
    const rows = clockRows(ticket, governance, retarget(stored.clocks, governance), now.getTime()).map((row) => putMetricAtVersion(db, row, ticket.version));
    const counted = countLiveChange(db, [ticket.teamId], ticketIsAt(ticket.id, ticket.version));
    return [{ ticket, statements: [...history, ...rows, counted] }];
  });
  const written = await writeInBatches(db, retimes);
  if (wake && written.length > 0) wake(await roomEventsOf(db, written, now));
  return tickets.length;
}

/** Runs the re-times in batches; answers those that were written (their ticket still at the version read). */
async function writeInBatches(db: Database, retimes: readonly Retime[]): Promise<Retime[]> {
  const written: Retime[] = [];
  for (let i = 0; i < retimes.length; i += TICKETS_PER_BATCH) {
    const chunk = retimes.slice(i, i + TICKETS_PER_BATCH);
    const results: unknown[] = await db.batch(chunk.flatMap((retime) => retime.statements) as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    let end = 0;
    for (const retime of chunk) {
      end += retime.statements.length;
      // Its count statement, last of its own, changed the team's row only if the re-time was written.
      if ((results[end - 1] as D1Result).meta.changes > 0) written.push(retime);
    }
  }
  return written;
}

/**
 * One event per written re-time (each was counted for its team's room), grouped by team: the
 * ticket as read again after the writes, in one query, so an edit that followed is not undone on
 * the board. A ticket deleted since has its delete's event already; it is sent again to keep the
 * count.
 */
async function roomEventsOf(db: Database, written: readonly Retime[], now: Date): Promise<Map<string, RoomEvent[]>> {
  const current = new Map((await ticketsByIds(db, written.map(({ ticket }) => ticket.id))).map((ticket) => [ticket.id, ticket]));
  const eventsByTeam = new Map<string, RoomEvent[]>();
  for (const { ticket } of written) {
    const reread = current.get(ticket.id);
    const event = reread ? ticketEvent("ticket.updated", reread, now) : deletedEvent(ticket);
    // To its team as counted: the one it had when re-timed.
    const events = eventsByTeam.get(ticket.teamId) ?? [];
    events.push(event);
    eventsByTeam.set(ticket.teamId, events);
  }
  return eventsByTeam;
}

/** Re-times the running tickets a policy governed (after it changed or was deleted). */
export async function retimeTicketsOfPolicy(db: Database, orgId: string, policyId: string, now: Date, wake?: WakeRooms): Promise<number> {
  return retime(db, orgId, await unmetMetricsWhere(db, orgId, eq(slaMetrics.policyId, policyId)), now, wake);
}

/** Re-times the running tickets whose clocks count on a calendar (after it changed). */
export async function retimeTicketsOfCalendar(db: Database, orgId: string, calendarId: string, now: Date, wake?: WakeRooms): Promise<number> {
  return retime(db, orgId, await unmetMetricsWhere(db, orgId, eq(slaMetrics.calendarId, calendarId)), now, wake);
}
