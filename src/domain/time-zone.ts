const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, format);
  }
  return format;
}

/** A calendar date in some zone, month 1–12. */
export type LocalDate = { year: number; month: number; day: number };

/** The wall-clock reading of `instant` (ms) in `zone`, as if that reading were UTC (ms). */
function wallClock(zone: string, instant: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(instant)) if (part.type !== "literal") parts[part.type] = Number(part.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

/** How far `zone`'s clocks are ahead of UTC at `instant`, in ms. */
export function offsetAt(zone: string, instant: number): number {
  return wallClock(zone, instant) - (instant - (((instant % 1000) + 1000) % 1000));
}

/** The local date of `instant` in `zone`. */
export function localDateOf(zone: string, instant: number): LocalDate {
  const wall = new Date(wallClock(zone, instant));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

const DAY = 86_400_000;

/**
 * The instant at which `zone`'s clocks first read `minuteOfDay` (0–1440) on `date`. A wall time
 * that occurs twice (autumn) maps to its first occurrence; one skipped by a spring-forward gap maps
 * to the end of the gap, when the clocks jump. So the mapping never goes backwards as the wall time
 * grows, and business intervals stay ordered. Offsets a day either side bound the candidates:
 * zones change offset at most once in two days.
 */
export function localToInstant(zone: string, date: LocalDate, minuteOfDay: number): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * 60_000;
  const candidates = [...new Set([offsetAt(zone, wall - DAY), offsetAt(zone, wall + DAY)])]
    .map((offset) => wall - offset)
    .filter((instant) => wallClock(zone, instant) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: search the jump between the last instant before it and the first after it.
  let before = wall - offsetAt(zone, wall + DAY);
  let after = wall - offsetAt(zone, wall - DAY);
  while (after - before > 1000) {
    const middle = before + Math.floor((after - before) / 2000) * 1000;
    if (wallClock(zone, middle) < wall) before = middle;
    else after = middle;
  }
  return after;
}

/** The date after `date`. */
export function nextDate(date: LocalDate): LocalDate {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

/** `2026-12-25` for a date. */
export function isoDate(date: LocalDate): string {
  return `${date.year}-${String(date.month).padStart(2, "0")}-${String(date.day).padStart(2, "0")}`;
}

/** True when `zone` is a time zone this runtime knows. Not cached: any spelling a client sends could fill a cache. */
export function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
