import { isoDate, localDateOf, localToInstant, nextDate, type LocalDate } from "./time-zone";

export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `"09:00"`–`"17:00"`: local wall times; `"24:00"` closes at midnight. */
export type LocalInterval = readonly [string, string];

/**
 * When work counts (contract §4): weekly local hours in an IANA zone, minus holidays (local
 * dates). `null` stands for the built-in 24x7 calendar, where every real minute counts.
 */
export type BusinessCalendar = {
  timezone: string;
  hours: Partial<Record<Weekday, readonly LocalInterval[]>>;
  holidays: readonly string[];
} | null;

/** How far ahead a walk looks before it gives up: a calendar with no open hour never reaches a target. */
const HORIZON_DAYS = 10 * 366;

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The business intervals [start, end) in ms, in order, of one local date. */
function intervalsOfDay(calendar: NonNullable<BusinessCalendar>, date: LocalDate): [number, number][] {
  if (calendar.holidays.includes(isoDate(date))) return [];
  const weekday = WEEKDAYS[new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay()]!;
  const result: [number, number][] = [];
  for (const [from, to] of calendar.hours[weekday] ?? []) {
    const start = localToInstant(calendar.timezone, date, minutesOf(from));
    const end = localToInstant(calendar.timezone, date, minutesOf(to));
    if (end > start) result.push([start, end]);
  }
  return result;
}

// A day's intervals cost a few Intl look-ups; a list of tickets asks for the same days again and
// again. The function is pure, so its answers are remembered by calendar content and date,
// forgetting everything when the memo grows past a bound.
const memo = new Map<string, [number, number][]>();
const MEMO_LIMIT = 50_000;

function rememberedIntervalsOfDay(calendar: NonNullable<BusinessCalendar>, calendarKey: string, date: LocalDate): [number, number][] {
  const key = `${calendarKey}|${isoDate(date)}`;
  let intervals = memo.get(key);
  if (!intervals) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    intervals = intervalsOfDay(calendar, date);
    memo.set(key, intervals);
  }
  return intervals;
}

/** The business intervals from `from` on, clipped to start at `from`, for at most HORIZON_DAYS. */
export function* openIntervals(calendar: NonNullable<BusinessCalendar>, from: number): Generator<[number, number]> {
  const calendarKey = JSON.stringify([calendar.timezone, calendar.hours, calendar.holidays]);
  // Hours never cross local midnight, so nothing before `from`'s own local date can reach it.
  let date = localDateOf(calendar.timezone, from);
  for (let day = 0; day < HORIZON_DAYS; day++, date = nextDate(date)) {
    for (const [start, end] of rememberedIntervalsOfDay(calendar, calendarKey, date)) {
      if (end > from) yield [Math.max(start, from), end];
    }
  }
}

/** Business ms between two instants (0 when `end` ≤ `start`). */
export function businessMsBetween(calendar: BusinessCalendar, start: number, end: number): number {
  if (end <= start) return 0;
  if (calendar === null) return end - start;
  let total = 0;
  for (const [open, close] of openIntervals(calendar, start)) {
    if (open >= end) break;
    total += Math.min(close, end) - open;
  }
  return total;
}

/**
 * The instant at which `ms` business ms have passed since `start`. A target that runs out exactly
 * at a closing time is due at that closing instant, not at the next opening; a start outside
 * business hours counts from the next opening. Undefined when the calendar never opens enough.
 */
export function addBusinessMs(calendar: BusinessCalendar, start: number, ms: number): number | undefined {
  if (calendar === null) return start + ms;
  let remaining = ms;
  for (const [open, close] of openIntervals(calendar, start)) {
    if (remaining <= close - open) return open + remaining;
    remaining -= close - open;
  }
  return undefined;
}
