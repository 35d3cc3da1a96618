import { sql } from "drizzle-orm";
import type { OffsetSegment } from "../../domain/zone-offsets";
import type { Database } from "../client";
import { breaches, completions, type Span } from "./facts";
import { inScope, localDate, type ReportScope } from "./scope";

export type ComplianceKey = "day" | "team" | "priority";

/**
 * Completed metrics per group and metric in the span: met in time and breached. Days are the
 * organization's (`segments` are its zone's offsets over the span); weeks are folded from days.
 */
export function complianceCounts(db: Database, scope: ReportScope, span: Span, key: ComplianceKey, segments: readonly OffsetSegment[]) {
  const group = key === "day" ? localDate(sql`at`, segments) : key === "team" ? sql`team_id` : sql`priority`;
  return db.all<{ grp: string; metric: string; met: number; breached: number }>(
    sql`SELECT ${group} AS grp, metric, sum(met) AS met, count(*) - sum(met) AS breached FROM (${completions(scope, span)}) GROUP BY grp, metric`,
  );
}

/** Per local day of the span: tickets created, tickets resolved and metrics breached. */
export function trendCounts(db: Database, scope: ReportScope, span: Span, segments: readonly OffsetSegment[]) {
  const day = (column: string) => localDate(sql.raw(column), segments);
  return db.all<{ day: string; kind: "created" | "resolved" | "breached"; n: number }>(sql`SELECT day, kind, count(*) AS n FROM (
      SELECT ${day("tickets.created_at")} AS day, 'created' AS kind FROM tickets
        WHERE ${inScope(scope)} AND tickets.created_at >= ${span.start} AND tickets.created_at < ${span.end}
      UNION ALL SELECT ${day("tickets.resolved_at")}, 'resolved' FROM tickets
        WHERE ${inScope(scope)} AND tickets.resolved_at >= ${span.start} AND tickets.resolved_at < ${span.end}
      UNION ALL SELECT ${day("at")}, 'breached' FROM (${breaches(scope, span)}))
    GROUP BY day, kind`);
}
