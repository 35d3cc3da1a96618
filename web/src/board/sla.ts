// What a ticket's sla block means on the board: its band in words and the deadline that governs it.
// Pure: unit-tested in the Workers runtime (test/web/).
import type { MetricName, MetricState, RiskBand, Ticket } from "../api/types";

export const BAND_LABELS: Record<RiskBand, string> = {
  safe: "Safe",
  warning: "Warning",
  high_risk: "High risk",
  breached: "Breached",
};

/** safe 0 … breached 3: the board shows the worst band first. */
export const BAND_RANK: Record<RiskBand, number> = { safe: 0, warning: 1, high_risk: 2, breached: 3 };

/** The deadline a ticket is racing: the earlier due instant of its metrics not yet met. */
export interface GoverningDue {
  metric: MetricName;
  /** Epoch milliseconds. */
  dueAt: number;
  state: Exclude<MetricState, "met">;
}

export function governingDue(ticket: Pick<Ticket, "sla">): GoverningDue | null {
  const sla = ticket.sla;
  if (!sla) return null;
  let governing: GoverningDue | null = null;
  for (const metric of ["response", "resolution"] as const) {
    const { state, dueAt } = sla[metric];
    if (state === "met" || dueAt === null) continue;
    const due = Date.parse(dueAt);
    if (governing === null || due < governing.dueAt) governing = { metric, dueAt: due, state };
  }
  return governing;
}
