import { sql } from "drizzle-orm";
import type { Database } from "../client";
import { riskRankAt } from "../tickets";
import { breaches, completions, type Span } from "./facts";
import { activeTickets, inScope, type ReportScope } from "./scope";

const DAY = 86_400_000;

/** Tickets in scope per status, as they are now. */
export function statusCounts(db: Database, scope: ReportScope) {
  return db.all<{ status: string; n: number }>(sql`SELECT status, count(*) AS n FROM tickets WHERE ${inScope(scope)} GROUP BY status`);
}

/** Open tickets in scope per risk rank at `now` (0 safe … 3 breached; null: no SLA governs them). */
export function riskCounts(db: Database, scope: ReportScope, now: number) {
  return db.all<{ rank: number | null; n: number }>(sql`SELECT ${riskRankAt(now)} AS rank, count(*) AS n FROM tickets WHERE ${inScope(scope)} AND ${activeTickets} GROUP BY rank`);
}

/** The aging buckets of contract §8 with their lower bounds: a ticket exactly 1 day old is `1-3d`. */
export const AGING_BUCKETS = [
  ["<1d", 0],
  ["1-3d", 1],
  ["3-7d", 3],
  ["7-30d", 7],
  [">30d", 30],
] as const;

/** Open tickets in scope per bucket of wall-clock age at `now`. */
export function agingCounts(db: Database, scope: ReportScope, now: number) {
  const bucket = sql.join(
    AGING_BUCKETS.toReversed().map(([name, days]) => sql`WHEN ${now} - tickets.created_at >= ${days * DAY} THEN ${name}`),
    sql` `,
  );
  return db.all<{ bucket: string; n: number }>(sql`SELECT CASE ${bucket} END AS bucket, count(*) AS n FROM tickets WHERE ${inScope(scope)} AND ${activeTickets} GROUP BY bucket`);
}

/** Metrics in scope breached in the span. */
export function breachCount(db: Database, scope: ReportScope, span: Span) {
  return db.all<{ n: number }>(sql`SELECT count(*) AS n FROM (${breaches(scope, span)})`);
}

/** Completed metrics in scope per metric in the span: met in time and breached. */
export function completionCounts(db: Database, scope: ReportScope, span: Span) {
  return db.all<{ metric: string; met: number; breached: number }>(
    sql`SELECT metric, sum(met) AS met, count(*) - sum(met) AS breached FROM (${completions(scope, span)}) GROUP BY metric`,
  );
}
