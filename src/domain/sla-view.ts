import type { BusinessCalendar } from "./business-calendar";
import type { RiskBand } from "./risk";
import { metricStatus, type MetricClock, type MetricState } from "./sla-clock";

/** One metric as answered (contract §3), instants in ms. */
export type MetricView = { targetMinutes: number; dueAt: number | null; elapsedMinutes: number; percent: number; state: MetricState; band: RiskBand };

export type SlaView = { policyId: string | null; response: MetricView; resolution: MetricView; risk: RiskBand; riskPercent: number };

export type StoredMetric = { metric: "response" | "resolution"; clock: MetricClock; calendar: BusinessCalendar; policyId: string | null };

function view(metric: StoredMetric, now: number): MetricView {
  const status = metricStatus(metric.calendar, metric.clock, now);
  return { ...status, dueAt: status.dueAt ?? null };
}

/**
 * A ticket's `sla` block at `now`: the risk is that of the worst metric not yet met (running,
 * paused or breached); when both are met, that of the resolution when it was met.
 */
export function slaView(metrics: readonly StoredMetric[], now: number): SlaView | null {
  const response = metrics.find((m) => m.metric === "response");
  const resolution = metrics.find((m) => m.metric === "resolution");
  if (!response || !resolution) return null;
  const views = { response: view(response, now), resolution: view(resolution, now) };
  const open = [views.response, views.resolution].filter((m) => m.state !== "met");
  const worst = open.length > 0 ? open.reduce((a, b) => (b.percent > a.percent ? b : a)) : views.resolution;
  return { policyId: resolution.policyId, ...views, risk: worst.band, riskPercent: worst.percent };
}

/** The earliest due time of the clocks still to be met (a met response no longer counts). */
const earliestDue = (sla: SlaView) => Math.min(sla.response.state === "met" ? Infinity : (sla.response.dueAt ?? Infinity), sla.resolution.dueAt ?? Infinity);

/** Orders SLA blocks worst first: the highest risk percent, then the earliest due. */
export function worstFirst(a: SlaView, b: SlaView): number {
  return b.riskPercent - a.riskPercent || earliestDue(a) - earliestDue(b);
}
