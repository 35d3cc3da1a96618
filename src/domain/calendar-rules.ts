import type { Weekday } from "./business-calendar";
import { isKnownZone } from "./time-zone";

/** The days as calendars are written and shown (contract §4): Monday first. */
export const CALENDAR_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const satisfies readonly Weekday[];

/** One broken rule, at a path relative to what was checked (`["mon", 1]` inside `hours`). */
export type RuleIssue = { path: (string | number)[]; message: string };

/** Weekly hours as sent: a missing day is closed. */
export type HoursInput = Partial<Record<Weekday, readonly (readonly [string, string])[]>>;

/** Weekly hours as stored and shown: every day present, Monday first, a closed day `[]`. */
export type WeeklyHours = Record<Weekday, [string, string][]>;

export type CalendarInput = { timezone: string; hours: HoursInput; holidays: readonly string[] };
export type ValidCalendar = { timezone: string; hours: WeeklyHours; holidays: string[] };

/** `HH:MM` from `00:00` to `23:59`, plus `24:00` for an interval that runs to midnight. */
export const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;
export const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** IANA names only: Intl would also take offsets such as `+01:00`, which know nothing of DST. */
export const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;
/** IANA names run to about 30 characters: 64 leaves room for new ones. */
export const MAX_ZONE_LENGTH = 64;

/** The minute of the day a `HH:MM` wall time stands for (0–1440), or undefined when it is not one. */
export function minuteOfDay(time: string): number | undefined {
  if (!TIME.test(time)) return undefined;
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** What is wrong with `zone` as a calendar's time zone (nothing, or one issue at the zone itself). */
export function zoneIssues(zone: string): RuleIssue[] {
  if (zone.length <= MAX_ZONE_LENGTH && ZONE_NAME.test(zone) && isKnownZone(zone)) return [];
  return [{ path: [], message: "Use an IANA time zone such as Europe/Berlin." }];
}

/** The zone's own spelling (`europe/berlin` → `Europe/Berlin`); an alias keeps the name it was given. */
export function canonicalZone(zone: string): string {
  const resolved = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  return resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone;
}

/**
 * What is wrong with weekly hours, paths relative to them: a bad time names its end
 * (`mon.1.0`); an empty, reversed or overlapping interval names the interval (`mon.1`). Intervals
 * of a day must come in order and may touch but not overlap, so each counts its own minutes once.
 * Hours with no open minute at all are refused too: their targets could never be reached.
 */
export function hoursIssues(hours: HoursInput): RuleIssue[] {
  const issues: RuleIssue[] = [];
  let open = false;
  for (const day of CALENDAR_DAYS) {
    let previousEnd = 0;
    (hours[day] ?? []).forEach(([from, to], index) => {
      const start = minuteOfDay(from);
      const end = minuteOfDay(to);
      if (start === undefined || end === undefined) {
        for (const [side, value] of [from, to].entries()) {
          if (minuteOfDay(value) === undefined) issues.push({ path: [day, index, side], message: "Use a local time HH:MM from 00:00 to 24:00." });
        }
      } else if (start >= end) {
        issues.push({ path: [day, index], message: "The interval must end after it starts." });
      } else if (start < previousEnd) {
        issues.push({ path: [day, index], message: "Intervals of a day must be in order and must not overlap." });
      } else {
        previousEnd = end;
        open = true;
      }
    });
  }
  if (!open && issues.length === 0) issues.push({ path: [], message: "The calendar must be open at least one minute a week." });
  return issues;
}

/** Every day present, Monday first; the intervals themselves are kept as given (hoursIssues checked them). */
export function normalizeHours(hours: HoursInput): WeeklyHours {
  return Object.fromEntries(CALENDAR_DAYS.map((day) => [day, (hours[day] ?? []).map(([from, to]) => [from, to])])) as WeeklyHours;
}

/** True when `text` is a real calendar date `YYYY-MM-DD` from 1970 on (no 2026-02-30). */
export function isLocalDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1970 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** What is wrong with a holiday list, each bad date named by its index. */
export function holidayIssues(holidays: readonly string[]): RuleIssue[] {
  return holidays.flatMap((date, index) => (isLocalDate(date) ? [] : [{ path: [index], message: "Use a local date YYYY-MM-DD." }]));
}

/** Holidays as stored: each date once, in order (ISO dates sort as text). */
export function normalizeHolidays(holidays: readonly string[]): string[] {
  return [...new Set(holidays)].sort();
}

/** Checks a whole calendar; on success, gives it in its stored form. Issue paths name the field. */
export function checkCalendar(input: CalendarInput): { ok: true; calendar: ValidCalendar } | { ok: false; issues: RuleIssue[] } {
  const issues = [
    ...zoneIssues(input.timezone).map((issue) => ({ ...issue, path: ["timezone", ...issue.path] })),
    ...hoursIssues(input.hours).map((issue) => ({ ...issue, path: ["hours", ...issue.path] })),
    ...holidayIssues(input.holidays).map((issue) => ({ ...issue, path: ["holidays", ...issue.path] })),
  ];
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    calendar: { timezone: canonicalZone(input.timezone), hours: normalizeHours(input.hours), holidays: normalizeHolidays(input.holidays) },
  };
}
