import type { Database } from "../db/client";
import { clockHistoryOf, RETARGETED, slaEventsOf } from "../db/ticket-history";
import { slaTimeline, type Retargeting, type SlaTargets, type StatusMove, type TimelineEntry } from "../domain/sla-timeline";
import type { TicketStatus } from "../domain/ticket-fields";
import type { Caller } from "../env";
import { visibleTicket } from "./ticket-access";
import { storedClocks, type TicketWithClocks } from "./ticket-sla";

type ClockRow = Awaited<ReturnType<typeof clockHistoryOf>>[number];

/**
 * The status moves of a ticket's history, in order. An automation's move records only where it
 * went, so it moves from wherever the moves before it left the ticket; one it skipped moved nothing.
 */
function statusMoves(rows: readonly ClockRow[]): StatusMove[] {
  const moves: StatusMove[] = [];
  let status: TicketStatus = "new";
  for (const row of rows) {
    const to = row.to as { status?: TicketStatus; skipped?: boolean } | null;
    if (row.action === RETARGETED || !to?.status || to.skipped || to.status === status) continue;
    const from = row.action === "automation.set_status" ? status : (row.from as { status: TicketStatus }).status;
    moves.push({ at: row.at.getTime(), from, to: to.status });
    status = to.status;
  }
  return moves;
}

const retargetsOf = (rows: readonly ClockRow[]): Retargeting[] =>
  rows.filter((row) => row.action === RETARGETED).map((row) => ({ at: row.at.getTime(), from: row.from as SlaTargets, to: row.to as SlaTargets }));

/**
 * The ticket `idOrKey` (if the caller may see it, else 404 as for the ticket itself) with the
 * timeline of its SLA clocks (contract §4), assembled from its stored clocks, the clock-moving rows
 * of its history and its recorded crossings: one read for the ticket, one batch for the rest.
 * A ticket no policy governs has no clocks and an empty timeline.
 */
export async function ticketSlaTimeline(db: Database, caller: Caller, idOrKey: string): Promise<{ ticket: TicketWithClocks; timeline: TimelineEntry[] }> {
  const ticket = await visibleTicket(db, caller, idOrKey);
  const stored = storedClocks(ticket);
  if (!stored) return { ticket, timeline: [] };
  const [history, crossings] = await db.batch([clockHistoryOf(db, ticket.id), slaEventsOf(db, ticket.id)]);
  const crossed = crossings.map((event) => ({ ...event, at: event.at.getTime() }));
  return { ticket, timeline: slaTimeline({ ...stored, moves: statusMoves(history), retargets: retargetsOf(history), crossings: crossed }) };
}
