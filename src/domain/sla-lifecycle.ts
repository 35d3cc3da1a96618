import type { BusinessCalendar } from "./business-calendar";
import { meetClock, pauseClock, reopenClock, resumeClock, type MetricClock } from "./sla-clock";
import type { TicketStatus } from "./ticket-fields";

export type TicketClocks = { response: MetricClock; resolution: MetricClock };

/** What governs a ticket's clocks: the matching policy's targets and its calendar. */
export type Governance = {
  policyId: string;
  calendarId: string | null;
  calendar: BusinessCalendar;
  responseMinutes: number;
  resolutionMinutes: number;
  dueSoonMinutes: number;
};

/** The same clocks under new targets: elapsed and paused time are kept (contract §4). */
export function retarget(clocks: TicketClocks, governance: Governance): TicketClocks {
  return {
    response: { ...clocks.response, targetMinutes: governance.responseMinutes },
    resolution: { ...clocks.resolution, targetMinutes: governance.resolutionMinutes },
  };
}

/** Both clocks of a new ticket, started at its creation. */
export function startClocks(governance: Governance, at: number): TicketClocks {
  const clock = (targetMinutes: number): MetricClock => ({ targetMinutes, startedAt: at, pausedMs: 0, pausedSince: null, metAt: null });
  return { response: clock(governance.responseMinutes), resolution: clock(governance.resolutionMinutes) };
}

/**
 * How a status move acts on a ticket's two clocks (contract §4). `pending` pauses both running
 * clocks and leaving it resumes them. The first move to `in_progress` meets the response. `resolved`
 * meets the resolution — and the response too, since a resolution answers the requester — and
 * `closed` stops whatever still runs the same way. A reopen resumes the resolution where it stopped.
 */
export function clocksAfterMove(calendar: BusinessCalendar, clocks: TicketClocks, from: TicketStatus, to: TicketStatus, at: number): TicketClocks {
  let { response, resolution } = clocks;
  if (from === "pending") [response, resolution] = [resumeClock(calendar, response, at), resumeClock(calendar, resolution, at)];
  if (to === "pending") [response, resolution] = [pauseClock(response, at), pauseClock(resolution, at)];
  if (to === "in_progress") response = meetClock(response, at);
  if (to === "resolved" || to === "closed") [response, resolution] = [meetClock(response, at), meetClock(resolution, at)];
  if (to === "open" && (from === "resolved" || from === "closed")) resolution = reopenClock(calendar, resolution, at);
  return { response, resolution };
}
