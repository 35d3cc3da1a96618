/**
 * The risk pass over a replayed life (src/jobs/risk-pass-sql.ts): the SLA events it would have
 * recorded, and where it would have left each metric's next crossing. Live, the pass runs on the
 * cron every five minutes and records a band once (unique per ticket, metric and band) when its
 * instant has passed and came before the clock stopped (`at <= now AND at < min(met_at,
 * paused_since)`), reading the metric row as the last write left it. So the life is walked state
 * by state: a crossing counts with the instants of the row in place at the first tick after it —
 * a band reached before a pending spell keeps its instant from before the pause, which the final
 * row (its pause added) no longer shows. The seed itself is the last pass, at `now`.
 */

const MINUTE = 60_000;
const TICK = 5 * MINUTE; // the risk pass's cron, */5 * * * *
const BANDS = [
  ["warning", "warningAt"],
  ["high_risk", "highRiskAt"],
  ["due_soon", "dueSoonAt"],
  ["breached", "breachedAt"],
];
const ms = (date) => (date === null || date === undefined ? null : date.getTime());

/**
 * The events `{ metric, band, at, recordedAt }` the passes recorded for `states` (replay.mjs), in
 * the order they went in: by pass, then instant and band order, as `insertEvents` orders a round.
 */
export function passedCrossings(sla, governance, ref, states, now) {
  const recorded = new Map();
  states.forEach(({ at: from, clocks }, k) => {
    const last = k === states.length - 1;
    const until = last ? now : states[k + 1].at;
    for (const row of sla.clockRows(ref, governance, clocks, from)) {
      const stoppedAt = Math.min(ms(row.metAt) ?? Infinity, ms(row.pausedSince) ?? Infinity);
      BANDS.forEach(([band, column], ord) => {
        const at = ms(row[column]);
        const key = `${row.metric}:${band}`;
        if (at === null || at >= stoppedAt || recorded.has(key)) return;
        // The first tick that reads this row at or after the crossing; a later write hands it on.
        const tick = Math.ceil(Math.max(at, from) / TICK) * TICK;
        if (last ? at <= now : tick < until) recorded.set(key, { metric: row.metric, band, ord, at, recordedAt: Math.min(tick, now) });
      });
    }
  });
  return [...recorded.values()].sort(
    (a, b) => a.recordedAt - b.recordedAt || a.at - b.at || a.ord - b.ord || a.metric.localeCompare(b.metric),
  );
}

/** The history row the pass writes beside an event (`insertHistory`): at the pass, the crossing's instant in `to`. */
export const crossingHistory = (event) => ({
  at: event.recordedAt, actor: null, action: `sla.${event.band}`, from: null, to: { metric: event.metric, band: event.band, at: event.at },
});

/**
 * A stored metric (column names, ms) as the pass leaves it once it has handled its due crossings
 * (`advanceMetrics`): a stopped clock leaves the index, a running one waits for its next instant.
 */
export function settledMetric(row, now) {
  if (row.next_crossing_at === null || row.next_crossing_at > now) return row;
  const stopped = row.met_at !== null || row.paused_since !== null;
  const ahead = [row.warning_at, row.high_risk_at, row.due_soon_at, row.breached_at].filter((at) => at !== null && at > now);
  return { ...row, next_crossing_at: stopped || ahead.length === 0 ? null : Math.min(...ahead) };
}
