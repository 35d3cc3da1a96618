import type { TicketRow } from "../db/tickets";
import type { BusinessCalendar } from "../domain/business-calendar";
import { slaView, type SlaView, type StoredMetric } from "../domain/sla-view";

/** A ticket as read with its clocks (see `clocksColumn`). */
export type TicketWithClocks = TicketRow & { clocks: string | null };

type StoredJson = {
  metric: "response" | "resolution";
  policyId: string | null;
  targetMinutes: number;
  startedAt: number;
  pausedMs: number;
  pausedSince: number | null;
  metAt: number | null;
  calendar: Exclude<BusinessCalendar, null> | null;
};

/** The ticket's `sla` block at `now`, or null for a ticket no policy governed. */
export function slaOf(ticket: TicketWithClocks, now: Date): SlaView | null {
  const stored = JSON.parse(ticket.clocks ?? "[]") as StoredJson[];
  const metrics: StoredMetric[] = stored.map(({ metric, policyId, calendar, ...clock }) => ({ metric, policyId, calendar, clock }));
  return slaView(metrics, now.getTime());
}
