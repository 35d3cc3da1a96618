import { eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "../db/client";
import { policiesWithCalendars } from "../db/sla-governance";
import { putMetricAtVersion, unmetMetricsWhere, type MetricRow } from "../db/sla-metrics";
import { slaMetrics } from "../db/schema";
import { retargetHistoryAtVersion } from "../db/ticket-history";
import { ticketsByIds } from "../db/tickets";
import type { WakeRooms } from "../live/publish";
import { retarget } from "../domain/sla-lifecycle";
import { targetsOf } from "../domain/sla-timeline";
import { clockRows, governanceAmong } from "./sla-clocks";
import { storedClocks } from "./ticket-sla";

// Up to three statements per ticket (a re-target's history row and two metric rows): 33 tickets
// make at most 99, within D1's 100 statements per batch.
const TICKETS_PER_BATCH = 33;

/**
 * Re-times the tickets with unmet clocks among `governed` after a policy or calendar changed: each ticket is
 * matched again against the organization's policies as they are now, keeps its elapsed and paused
 * time, and gets a new schedule; a new policy or new targets are recorded in its history (the SLA
 * timeline replays from them). Writes go in batches, each row guarded by its ticket's version so
 * a ticket edited meanwhile keeps the clocks its own edit computed. Then the rooms of the tickets'
 * teams are woken: their next crossings may have moved earlier.
 */
async function retime(db: Database, orgId: string, governed: MetricRow[], now: Date, wake?: WakeRooms): Promise<number> {
  const ids = [...new Set(governed.map((row) => row.ticketId))];
  if (ids.length === 0) return 0;
  // Both clocks of each ticket come with it, met ones included: a met response keeps its state under new targets.
  const [tickets, policies] = await Promise.all([ticketsByIds(db, ids), policiesWithCalendars(db, orgId)]);
  const perTicket = tickets.flatMap((ticket): BatchItem<"sqlite">[][] => {
    const stored = storedClocks(ticket);
    const governance = governanceAmong(policies, ticket);
    if (!stored || !governance) return [];
    const history = retargetHistoryAtVersion(db, { ticketId: ticket.id, at: now, actorId: null, ip: null }, targetsOf(stored.governance), targetsOf(governance), ticket.version);
    const rows = clockRows(ticket, governance, retarget(stored.clocks, governance), now.getTime()).map((row) => putMetricAtVersion(db, row, ticket.version));
    return [[...history, ...rows]];
  });
  for (let i = 0; i < perTicket.length; i += TICKETS_PER_BATCH) {
    const chunk = perTicket.slice(i, i + TICKETS_PER_BATCH).flat();
    await db.batch(chunk as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  }
  wake?.([...new Set(tickets.map((ticket) => ticket.teamId))]);
  return tickets.length;
}

/** Re-times the running tickets a policy governed (after it changed or was deleted). */
export async function retimeTicketsOfPolicy(db: Database, orgId: string, policyId: string, now: Date, wake?: WakeRooms): Promise<number> {
  return retime(db, orgId, await unmetMetricsWhere(db, orgId, eq(slaMetrics.policyId, policyId)), now, wake);
}

/** Re-times the running tickets whose clocks count on a calendar (after it changed). */
export async function retimeTicketsOfCalendar(db: Database, orgId: string, calendarId: string, now: Date, wake?: WakeRooms): Promise<number> {
  return retime(db, orgId, await unmetMetricsWhere(db, orgId, eq(slaMetrics.calendarId, calendarId)), now, wake);
}
