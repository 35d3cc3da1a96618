// Countdowns and durations in words. Pure: unit-tested in the Workers runtime (test/web/).
import type { GoverningDue } from "../board/sla";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A wall-clock span, as coarse as a glance needs: "2 d 3 h", "3 h 05 min", "12 min 05 s", "45 s".
 * Rounds down, so a countdown never shows more time than is left.
 */
export function formatSpan(ms: number): string {
  const span = Math.max(0, Math.floor(ms / SECOND) * SECOND);
  if (span >= DAY) return `${Math.floor(span / DAY)} d ${Math.floor((span % DAY) / HOUR)} h`;
  if (span >= HOUR) return `${Math.floor(span / HOUR)} h ${pad(Math.floor((span % HOUR) / MINUTE))} min`;
  if (span >= MINUTE) return `${Math.floor(span / MINUTE)} min ${pad(Math.floor((span % MINUTE) / SECOND))} s`;
  return `${span / SECOND} s`;
}

/** Business minutes as the SLA timeline counts them: "4 h 0 min", "35 min". */
export function formatMinutes(minutes: number): string {
  const whole = Math.max(0, Math.floor(minutes));
  return whole >= 60 ? `${Math.floor(whole / 60)} h ${whole % 60} min` : `${whole} min`;
}

export type CountdownKind = "running" | "paused" | "overdue" | "none";

export interface Countdown {
  kind: CountdownKind;
  text: string;
}

/**
 * What a card's clock shows at `now`: the time left to the governing deadline, "paused" while the
 * clock stands still (pending), how long ago the deadline passed once breached or past due.
 */
export function countdown(governing: GoverningDue | null, now: number): Countdown {
  if (!governing) return { kind: "none", text: "no SLA due" };
  // A paused clock's dueAt was computed when the ticket was read and is not counting down: paused
  // wins over a dueAt that has since gone by, but not over a breach, which is for good.
  if (governing.state === "paused") return { kind: "paused", text: "paused" };
  if (governing.state === "breached" || governing.dueAt <= now) return { kind: "overdue", text: `overdue by ${formatSpan(now - governing.dueAt)}` };
  return { kind: "running", text: formatSpan(governing.dueAt - now) };
}
