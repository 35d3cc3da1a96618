import { isoDate, localDateOf, localToInstant, nextDate, type LocalDate } from "./time-zone";

/** The dates a report covers, inclusive, in the organization's zone, and the instants they span. */
export type ReportRange = {
  from: string;
  to: string;
  /** The first instant of `from` (its local midnight). */
  start: number;
  /** The first instant after `to` (the local midnight that ends it): facts counted are in [start, end). */
  end: number;
  /** Every date from `from` to `to`, in order. */
  days: string[];
};

/** The range a report takes when the caller names none: today and the 29 days before it. */
export const DEFAULT_DAYS = 30;
/** The longest range a report answers, so that a day-by-day answer stays a few hundred rows. */
export const MAX_DAYS = 731;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A `YYYY-MM-DD` that names a real calendar date, or undefined (`2026-02-30` is not one). */
export function parseIsoDate(text: string): LocalDate | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (year < 1970 || probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

const shift = (date: LocalDate, days: number): LocalDate => {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
};

const dayNumber = (date: LocalDate) => Date.UTC(date.year, date.month - 1, date.day) / 86_400_000;

export type RangeProblem = { path: "from" | "to"; message: string };

/**
 * The report range for `from`/`to` (valid dates, already parsed) in `zone` at `now`: `to` defaults
 * to today, `from` to 29 days before `to`. A `from` after `to`, or a span over {@link MAX_DAYS}, is
 * a problem naming the field to fix.
 */
export function reportRange(zone: string, now: number, from?: LocalDate, to?: LocalDate): ReportRange | RangeProblem {
  const last = to ?? localDateOf(zone, now);
  const first = from ?? shift(last, -(DEFAULT_DAYS - 1));
  const span = dayNumber(last) - dayNumber(first) + 1;
  if (span < 1) return { path: "from", message: "`from` is after `to`." };
  if (span > MAX_DAYS) return { path: from ? "from" : "to", message: `A report spans at most ${MAX_DAYS} days.` };
  const days: string[] = [];
  for (let date = first; days.length < span; date = nextDate(date)) days.push(isoDate(date));
  return { from: isoDate(first), to: isoDate(last), start: localToInstant(zone, first, 0), end: localToInstant(zone, nextDate(last), 0), days };
}

/** The Monday that starts the week of an ISO date (weeks start on Monday, contract §8). */
export function weekOf(date: string): string {
  const parsed = parseIsoDate(date)!;
  const weekday = (new Date(Date.UTC(parsed.year, parsed.month - 1, parsed.day)).getUTCDay() + 6) % 7;
  return isoDate(shift(parsed, -weekday));
}

/** The last `days` days up to today in `zone` (today alone for 1): the fixed windows of the overview. */
export function lastDays(zone: string, now: number, days: number): ReportRange {
  const today = localDateOf(zone, now);
  return reportRange(zone, now, shift(today, 1 - days), today) as ReportRange;
}
