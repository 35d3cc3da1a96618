import { addBusinessMs, businessMsBetween, type BusinessCalendar } from "./business-calendar";
import { minutesToReach, riskBand, riskPercent, type RiskBand } from "./risk";

const MINUTE = 60_000;

/**
 * One SLA metric's clock as stored: it starts at `startedAt`, has been paused for `pausedMs`
 * business ms in closed pauses, is paused now since `pausedSince` (or not), and was met at `metAt`.
 */
export type MetricClock = {
  targetMinutes: number;
  startedAt: number;
  pausedMs: number;
  pausedSince: number | null;
  metAt: number | null;
};

export type MetricState = "running" | "paused" | "met" | "breached";

export type MetricStatus = {
  targetMinutes: number;
  dueAt: number | undefined;
  elapsedMinutes: number;
  percent: number;
  state: MetricState;
  band: RiskBand;
};

/** Business ms counted against the target up to `at` (never beyond a pause or the meeting). */
export function countedMs(calendar: BusinessCalendar, clock: MetricClock, at: number): number {
  const until = Math.min(at, clock.metAt ?? Infinity, clock.pausedSince ?? Infinity);
  return Math.max(0, businessMsBetween(calendar, clock.startedAt, until) - clock.pausedMs);
}

/**
 * The due instant: target plus all paused business time after the start. While paused, the
 * current pause counts up to `now`, so `dueAt` moves later for as long as the pause lasts.
 */
export function computeDueAt(calendar: BusinessCalendar, clock: MetricClock, now: number): number | undefined {
  const openPause = clock.pausedSince === null || clock.metAt !== null ? 0 : businessMsBetween(calendar, clock.pausedSince, now);
  return addBusinessMs(calendar, clock.startedAt, clock.targetMinutes * MINUTE + clock.pausedMs + openPause);
}

/**
 * A metric as seen at `now` (contract §3 `Metric`). Met at or before the due instant is met;
 * a metric whose elapsed time reached its target unmet is breached for good.
 */
export function metricStatus(calendar: BusinessCalendar, clock: MetricClock, now: number): MetricStatus {
  const counted = countedMs(calendar, clock, now);
  const elapsedMinutes = Math.floor(counted / MINUTE);
  const percent = riskPercent(elapsedMinutes, clock.targetMinutes);
  const targetMs = clock.targetMinutes * MINUTE;
  let state: MetricState;
  if (clock.metAt !== null) state = counted <= targetMs ? "met" : "breached";
  else if (counted >= targetMs) state = "breached";
  else state = clock.pausedSince !== null ? "paused" : "running";
  return { targetMinutes: clock.targetMinutes, dueAt: computeDueAt(calendar, clock, now), elapsedMinutes, percent, state, band: riskBand(percent) };
}

/** Stops the clock for a pause starting at `at`; a clock already paused or met stays as it is. */
export function pauseClock(clock: MetricClock, at: number): MetricClock {
  return clock.pausedSince !== null || clock.metAt !== null ? clock : { ...clock, pausedSince: at };
}

/**
 * Restarts a paused clock at `at`, adding the pause's business time once. A clock met while paused
 * stays as it is: it counted up to the pause, and nothing after matters to it.
 */
export function resumeClock(calendar: BusinessCalendar, clock: MetricClock, at: number): MetricClock {
  if (clock.pausedSince === null || clock.metAt !== null) return clock;
  return { ...clock, pausedMs: clock.pausedMs + businessMsBetween(calendar, clock.pausedSince, at), pausedSince: null };
}

/** Marks the metric met at `at`; met once, met for good. A clock met while paused counted up to its pause. */
export function meetClock(clock: MetricClock, at: number): MetricClock {
  return clock.metAt !== null ? clock : { ...clock, metAt: at };
}

/** Resumes a met clock for a reopened ticket where it stopped: the time since the meeting does not count. */
export function reopenClock(calendar: BusinessCalendar, clock: MetricClock, at: number): MetricClock {
  if (clock.metAt === null) return clock;
  const stoppedAt = Math.min(clock.metAt, clock.pausedSince ?? Infinity);
  return { ...clock, metAt: null, pausedSince: null, pausedMs: clock.pausedMs + businessMsBetween(calendar, stoppedAt, at) };
}

export const CROSSINGS = ["warning", "high_risk", "due_soon", "breached"] as const;
export type Crossing = (typeof CROSSINGS)[number];

/**
 * The instants at which the clock reaches 50 %, 75 %, `dueSoonMinutes` before due, and 100 % if it
 * runs on from its closed pauses — computable ahead because the calendar is deterministic. For a
 * paused or met clock they still tell its band: the band it had when it stopped.
 */
export function crossingInstants(calendar: BusinessCalendar, clock: MetricClock, dueSoonMinutes: number): Partial<Record<Crossing, number>> {
  const at = (minutes: number) => addBusinessMs(calendar, clock.startedAt, minutes * MINUTE + clock.pausedMs);
  const result: Partial<Record<Crossing, number>> = {
    warning: at(minutesToReach(50, clock.targetMinutes)),
    high_risk: at(minutesToReach(75, clock.targetMinutes)),
    due_soon: at(Math.max(0, clock.targetMinutes - dueSoonMinutes)),
    breached: at(clock.targetMinutes),
  };
  for (const key of CROSSINGS) if (result[key] === undefined) delete result[key];
  return result;
}
