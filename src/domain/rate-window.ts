/**
 * The Workers Rate Limiting binding counts in fixed windows of `periodSeconds`, aligned to the
 * epoch (a 60 s window starts on the minute). It answers only yes or no, so the `Retry-After` of a
 * refused request is computed here: the whole seconds until the current window ends, at least 1.
 */
export function secondsToWindowEnd(nowMs: number, periodSeconds: number): number {
  const periodMs = periodSeconds * 1000;
  const windowEnd = (Math.floor(nowMs / periodMs) + 1) * periodMs;
  return Math.max(1, Math.ceil((windowEnd - nowMs) / 1000));
}
