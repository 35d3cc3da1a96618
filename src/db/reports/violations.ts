import { sql } from "drizzle-orm";
import type { Database } from "../client";
import type { Span } from "./facts";
import { inScope, type ReportScope } from "./scope";

/** Where the previous page of violations ended: its last breach's instant and event sequence. */
export type ViolationCursor = { at: number; seq: number };

/**
 * One page (`limit + 1` rows) of the metrics in scope breached in the span, newest breach first,
 * with what tells how far past due they are: the minutes counted when met late, or the clock to
 * read for those still open.
 */
export function violationRows(db: Database, scope: ReportScope, span: Span, limit: number, after?: ViolationCursor) {
  const keyset = after ? sql` AND (e.at < ${after.at} OR (e.at = ${after.at} AND e.seq < ${after.seq}))` : sql``;
  return db.all<{ seq: number; ticketId: string; ticketKey: string; metric: "response" | "resolution"; dueAt: number; targetMinutes: number; metAt: number | null; metElapsedMs: number | null }>(sql`
    SELECT e.seq AS seq, e.ticket_id AS ticketId, tickets.key AS ticketKey, e.metric AS metric, e.at AS dueAt,
      m.target_minutes AS targetMinutes, m.met_at AS metAt, m.met_elapsed_ms AS metElapsedMs
    FROM sla_events e JOIN tickets ON tickets.id = e.ticket_id JOIN sla_metrics m ON m.ticket_id = e.ticket_id AND m.metric = e.metric
    WHERE e.org_id = ${scope.orgId} AND e.band = 'breached' AND e.at >= ${span.start} AND e.at < ${span.end} AND ${inScope(scope)}${keyset}
    ORDER BY e.at DESC, e.seq DESC LIMIT ${limit + 1}`);
}
