/**
 * When a failed delivery is tried again (contract §6): about 10 s, 1 min, 5 min, 30 min, 2 h and
 * 6 h after the 1st to 6th failed attempt; the 7th attempt is the last, then the dead-letter
 * queue. The queue's `max_retries` (wrangler.toml) is the number of delays.
 */
export const RETRY_DELAYS_SECONDS = [10, 60, 300, 1800, 7200, 21600] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

/** Seconds to wait after the `attempts`-th failed attempt (1-based); the last delay repeats past the end. */
export function retryDelaySeconds(attempts: number): number {
  const index = Math.min(Math.max(attempts, 1), RETRY_DELAYS_SECONDS.length) - 1;
  return RETRY_DELAYS_SECONDS[index]!;
}

/** A webhook failing without a single success for this long is disabled (contract §6). */
export const WEBHOOK_FAILING_LIMIT_MS = 24 * 60 * 60 * 1000;

/** Whether a webhook failing since `failingSince` (ms, null: it was not failing) must be disabled at `now`. */
export function webhookFailedTooLong(failingSince: number | null, now: number): boolean {
  return failingSince !== null && now - failingSince >= WEBHOOK_FAILING_LIMIT_MS;
}
