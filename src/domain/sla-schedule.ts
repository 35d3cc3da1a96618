import type { BusinessCalendar } from "./business-calendar";
import { computeDueAt, crossingInstants, type MetricClock } from "./sla-clock";

/** What is stored beside a clock: its due instant, its four crossing instants and the next of them. */
export type MetricSchedule = {
  dueAt: number | null;
  warningAt: number | null;
  highRiskAt: number | null;
  dueSoonAt: number | null;
  breachedAt: number | null;
  nextCrossingAt: number | null;
};

/** The earliest instant, unless the clock stopped before it: a stopped clock crosses nothing after. */
function nextCrossing(instants: number[], stoppedAt: number): number | null {
  const next = Math.min(...instants);
  return Number.isFinite(next) && next <= stoppedAt ? next : null;
}

/**
 * The schedule of a clock as of `now`. The next crossing is the earliest of the four instants, even
 * one already past: the risk pass records each band once (a unique key), so handing it a crossing
 * it already recorded costs one look and never a second event. A clock that stopped (paused or
 * met) keeps its instants — they tell the band it stopped in — and is handed to the pass only for
 * a crossing it reached before stopping and that a pass may not have seen yet.
 */
export function scheduleOf(calendar: BusinessCalendar, clock: MetricClock, dueSoonMinutes: number, now: number): MetricSchedule {
  const crossings = crossingInstants(calendar, clock, dueSoonMinutes);
  const instants = Object.values(crossings);
  return {
    dueAt: computeDueAt(calendar, clock, now) ?? null,
    warningAt: crossings.warning ?? null,
    highRiskAt: crossings.high_risk ?? null,
    dueSoonAt: crossings.due_soon ?? null,
    breachedAt: crossings.breached ?? null,
    nextCrossingAt: nextCrossing(instants, Math.min(clock.metAt ?? Infinity, clock.pausedSince ?? Infinity)),
  };
}
