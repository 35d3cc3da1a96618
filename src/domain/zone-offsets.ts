import { offsetAt } from "./time-zone";

/** From `from` on (until the next segment), the zone's clocks are `offsetMs` ahead of UTC. */
export type OffsetSegment = { from: number; offsetMs: number };

const DAY = 86_400_000;
const SECOND = 1000;

/** The first whole second in (`after`, `before`] at which the offset is no longer that at `after`. */
function changeBetween(zone: string, after: number, before: number): number {
  const offset = offsetAt(zone, after);
  let [low, high] = [after, before];
  while (high - low > SECOND) {
    const middle = low + Math.floor((high - low) / (2 * SECOND)) * SECOND;
    if (offsetAt(zone, middle) === offset) low = middle;
    else high = middle;
  }
  return high;
}

/**
 * The zone's offsets over [start, end): the first segment starts at `start`, and each offset
 * change (a DST switch) starts another. Lets SQL, which knows no time zones, read an instant's
 * local date as `date((at + offset) / 1000)` with the offset of the segment the instant falls in.
 * Zones change offset at most once a day, so a daily probe finds every change.
 */
export function offsetSegments(zone: string, start: number, end: number): OffsetSegment[] {
  const segments: OffsetSegment[] = [{ from: start, offsetMs: offsetAt(zone, start) }];
  for (let at = start; at < end; at += DAY) {
    const next = Math.min(at + DAY, end);
    if (offsetAt(zone, next) !== segments.at(-1)!.offsetMs) {
      const from = changeBetween(zone, at, next);
      segments.push({ from, offsetMs: offsetAt(zone, from) });
    }
  }
  return segments;
}
