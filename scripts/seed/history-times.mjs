/**
 * Chance and time for the generated history: a seeded generator, so the month looks the same on
 * every run (relative to the moment of seeding), and the instants the tickets were filed at.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A generator of floats in [0, 1) seeded by `parts` (mulberry32 over an FNV-1a hash of them). Each
 * ticket draws from its own, so what one ticket draws never shifts another's.
 */
export function randomOf(...parts) {
  let state = 2166136261;
  for (const char of parts.join(":")) state = Math.imul(state ^ char.charCodeAt(0), 16777619) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * How busy a local hour is: a desk hears most during office hours on working days, a little in the
 * evening, next to nothing at night; weekends and the calendar's holidays are quiet days.
 */
function busyness(quiet, hour) {
  if (hour >= 8 && hour < 18) return quiet ? 1.2 : 10;
  if (hour >= 6 && hour < 22) return quiet ? 0.8 : 2;
  return quiet ? 0.15 : 0.4;
}

/**
 * `count` filing instants, increasing, over the `days` days before `now` (ending a quarter hour
 * before it), spread by `busyness` in `timezone`: the i-th sits at quantile (i + u) / count of the
 * month's busyness (each day's scaled by a factor drawn for it), u drawn from `seed`. The count never depends on the day of seeding, only where
 * the instants fall does, so the tickets (and their ids) are the same ones on every run.
 */
export function creationInstants(now, { days, count, seed, timezone, holidays = [] }) {
  const local = new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit", weekday: "short", hour: "2-digit", hourCycle: "h23" });
  const end = now - 15 * MINUTE;
  // Some days are busier than others: a factor per day of the month, counted back from `now`.
  const dayFactors = Array.from({ length: days + 1 }, (_, day) => 0.5 + randomOf(seed, "day", day)());
  const buckets = [];
  let total = 0;
  for (let from = now - days * DAY; from < end; from += HOUR) {
    const to = Math.min(from + HOUR, end);
    const parts = Object.fromEntries(local.formatToParts(new Date((from + to) / 2)).map((part) => [part.type, part.value]));
    const quiet = parts.weekday === "Sat" || parts.weekday === "Sun" || holidays.includes(`${parts.year}-${parts.month}-${parts.day}`);
    const weight = (dayFactors[Math.floor((now - from) / DAY)] * busyness(quiet, Number(parts.hour)) * (to - from)) / HOUR;
    buckets.push({ from, to, below: total, weight });
    total += weight;
  }
  const random = randomOf(seed, "filed");
  const instants = [];
  let k = 0;
  for (let i = 0; i < count; i++) {
    const target = ((i + random()) / count) * total;
    while (k < buckets.length - 1 && buckets[k].below + buckets[k].weight <= target) k++;
    const { from, to, below, weight } = buckets[k];
    // Whole seconds, as a person files them; never before the previous one.
    const at = Math.floor((from + ((target - below) / weight) * (to - from)) / 1000) * 1000;
    instants.push(Math.max(at, instants.at(-1) ?? at));
  }
  return instants;
}
