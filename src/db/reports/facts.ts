import { sql, type SQL } from "drizzle-orm";
import { slaMetrics } from "../schema";
import { inScope, type ReportScope } from "./scope";

/** Facts counted when they happened in [start, end) (contract §8). */
export type Span = { start: number; end: number };

/**
 * A metric met in time: met no later than the instant it would have reached its target. A clock
 * met while paused counted up to its pause, so that is the instant compared — the same rule as
 * the risk pass's, which records a breach only for a crossing before the clock stopped.
 */
export const metInTime = sql`(${slaMetrics.breachedAt} IS NULL OR ${slaMetrics.breachedAt} >= min(${slaMetrics.metAt}, coalesce(${slaMetrics.pausedSince}, ${slaMetrics.metAt})))`;

/**
 * The metrics met in the span, in time or late, with the business minutes they had counted
 * (`minutes`, null for a clock met before those were stored): medians and p90s are taken over them.
 * Columns: ticket_id, team_id, priority, assignee_id, metric, at, in_time, minutes.
 */
export function metMetrics(scope: ReportScope, span: Span): SQL {
  return sql`SELECT tickets.id AS ticket_id, tickets.team_id, tickets.priority, tickets.assignee_id, sla_metrics.metric, sla_metrics.met_at AS at,
      ${metInTime} AS in_time, sla_metrics.met_elapsed_ms / 60000 AS minutes
    FROM sla_metrics JOIN tickets ON tickets.id = sla_metrics.ticket_id
    WHERE sla_metrics.org_id = ${scope.orgId} AND sla_metrics.met_at >= ${span.start} AND sla_metrics.met_at < ${span.end} AND ${inScope(scope)}`;
}

/** The breaches in the span, from the SLA events (each metric breaches once, for good). Same columns as the met ones. */
export function breaches(scope: ReportScope, span: Span): SQL {
  return sql`SELECT tickets.id AS ticket_id, tickets.team_id, tickets.priority, tickets.assignee_id, e.metric, e.at, 0 AS in_time, NULL AS minutes
    FROM sla_events e JOIN tickets ON tickets.id = e.ticket_id
    WHERE e.org_id = ${scope.orgId} AND e.band = 'breached' AND e.at >= ${span.start} AND e.at < ${span.end} AND ${inScope(scope)}`;
}

/**
 * Completed metrics (contract §8): those met in time (`met` 1) and those breached (`met` 0), each
 * at the instant it completed. A metric met late is counted once, as the breach it already was.
 */
export function completions(scope: ReportScope, span: Span): SQL {
  return sql`SELECT ticket_id, team_id, priority, assignee_id, metric, at, 1 AS met FROM (${metMetrics(scope, span)}) WHERE in_time
    UNION ALL SELECT ticket_id, team_id, priority, assignee_id, metric, at, 0 FROM (${breaches(scope, span)})`;
}
