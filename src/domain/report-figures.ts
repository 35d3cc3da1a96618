/** Completed SLA metrics of some group: met in time, and breached (contract §8). */
export type Completed = { met: number; breached: number };

/** Compliance: met in time ÷ completed; null when nothing completed (a ratio of nothing has no value). */
export function compliance({ met, breached }: Completed): number | null {
  return met + breached === 0 ? null : met / (met + breached);
}

/** Breach rate: breached ÷ completed, from the met-in-time count and the completed count; null when none completed. */
export function breachRate(met: number, completed: number): number | null {
  return completed === 0 ? null : (completed - met) / completed;
}

/** Counts keyed by every one of `keys`, zero where no row counted it: reports list every group, counted or not. */
export function countsBy<K extends string>(keys: readonly K[], rows: readonly { key: string | null; n: number }[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, rows.find((row) => row.key === key)?.n ?? 0])) as Record<K, number>;
}

/** The completions of the rows that `matches` keeps, added up (the days of a week, say). */
export function sumCompleted<R extends Completed>(rows: readonly R[], matches: (row: R) => boolean): Completed {
  return rows.filter(matches).reduce((sum, row) => ({ met: sum.met + row.met, breached: sum.breached + row.breached }), { met: 0, breached: 0 });
}
