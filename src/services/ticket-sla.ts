import type { TicketWithClocks } from "../db/tickets";
import type { BusinessCalendar } from "../domain/business-calendar";
import type { Governance, TicketClocks } from "../domain/sla-lifecycle";
import { slaView, type SlaView, type StoredMetric } from "../domain/sla-view";

export type { TicketWithClocks };

type StoredJson = {
  metric: "response" | "resolution";
  policyId: string | null;
  calendarId: string | null;
  dueSoonMinutes: number;
  targetMinutes: number;
  startedAt: number;
  pausedMs: number;
  pausedSince: number | null;
  metAt: number | null;
  calendar: Exclude<BusinessCalendar, null> | null;
};

function storedMetrics(ticket: TicketWithClocks): (StoredMetric & Pick<StoredJson, "calendarId" | "dueSoonMinutes">)[] {
  const stored = JSON.parse(ticket.clocks ?? "[]") as StoredJson[];
  return stored.map(({ metric, policyId, calendarId, dueSoonMinutes, calendar, ...clock }) => ({ metric, policyId, calendarId, dueSoonMinutes, calendar, clock }));
}

/** The ticket's `sla` block at `now`, or null for a ticket no policy governed. */
export function slaOf(ticket: TicketWithClocks, now: Date): SlaView | null {
  return slaView(storedMetrics(ticket), now.getTime());
}

/**
 * The clocks a ticket was read with and what governs them, for a write that moves them: the read
 * already carries them (see `clocksColumn`), so no second query. Undefined without clocks.
 */
export function storedClocks(ticket: TicketWithClocks): { clocks: TicketClocks; governance: Governance } | undefined {
  const metrics = storedMetrics(ticket);
  const response = metrics.find((m) => m.metric === "response");
  const resolution = metrics.find((m) => m.metric === "resolution");
  if (!response || !resolution) return undefined;
  return {
    clocks: { response: response.clock, resolution: resolution.clock },
    governance: {
      policyId: resolution.policyId ?? "",
      calendarId: resolution.calendarId,
      calendar: resolution.calendar,
      responseMinutes: response.clock.targetMinutes,
      resolutionMinutes: resolution.clock.targetMinutes,
      dueSoonMinutes: resolution.dueSoonMinutes,
    },
  };
}
