/**
 * Latency figures as the fan-out bench reports them: nearest-rank percentiles over every sample,
 * no histogram buckets, so that a p99 of a few hundred samples is one of the samples themselves.
 */

/** The value at percentile `p` (nearest rank) of `sorted`, ascending; null when empty. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round = (value) => (value === null ? null : Math.round(value * 100) / 100);

/** p50, p99, max, min (rounded to 0.01) and count of `values` (any order). */
export function distribution(values) {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    min: round(sorted.length ? sorted[0] : null),
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length ? sorted[sorted.length - 1] : null),
  };
}
