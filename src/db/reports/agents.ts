import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../client";
import { riskRankAt } from "../tickets";
import { breaches, metMetrics, type Span } from "./facts";
import { activeTickets, inScope, teamsInScope, type ReportScope } from "./scope";

/** Whose figures a report lists: the staff of the teams in scope, or named users. */
export type Staff = { ofTeamsIn: ReportScope } | { ids: readonly string[] };

function staffCondition(staff: Staff): SQL {
  if ("ids" in staff) return sql`u.id IN (SELECT value FROM json_each(${JSON.stringify(staff.ids)}))`;
  const scope = staff.ofTeamsIn;
  return sql`u.org_id = ${scope.orgId} AND u.role <> 'requester' AND u.active = 1
    AND u.id IN (SELECT user_id FROM team_members WHERE team_id IN (${teamsInScope(scope)}))`;
}

const activeInScope = (scope: ReportScope) => sql`${inScope(scope)} AND ${activeTickets}`;

/** Per staff member: the active tickets in scope assigned to them, per risk rank at `now`, and how many are escalated. */
export function workloadCounts(db: Database, scope: ReportScope, staff: Staff, now: number) {
  return db.all<{ agentId: string; name: string; active: number; safe: number; warning: number; highRisk: number; breached: number; escalated: number }>(sql`
    WITH ranked AS (SELECT tickets.assignee_id, ${riskRankAt(now)} AS rank, tickets.escalation_level > 0 AS escalated FROM tickets WHERE ${activeInScope(scope)}),
    tally AS (
      SELECT assignee_id, count(*) AS active, count(CASE WHEN rank = 0 THEN 1 END) AS safe, count(CASE WHEN rank = 1 THEN 1 END) AS warning,
        count(CASE WHEN rank = 2 THEN 1 END) AS highRisk, count(CASE WHEN rank = 3 THEN 1 END) AS breached, sum(escalated) AS escalated
      FROM ranked WHERE assignee_id IS NOT NULL GROUP BY assignee_id)
    SELECT u.id AS agentId, u.name AS name, coalesce(a.active, 0) AS active, coalesce(a.safe, 0) AS safe, coalesce(a.warning, 0) AS warning,
      coalesce(a.highRisk, 0) AS highRisk, coalesce(a.breached, 0) AS breached, coalesce(a.escalated, 0) AS escalated
    FROM users u LEFT JOIN tally a ON a.assignee_id = u.id
    WHERE ${staffCondition(staff)}
    ORDER BY active DESC, u.name, u.id`);
}

/**
 * Per staff member, over the tickets in scope assigned to them: active tickets now, tickets
 * resolved in the span, the true median and p90 (nearest rank) of the business minutes their
 * metrics took when met in the span, and their metrics completed in the span (met in time, and
 * all). The median of an even count is the mean of the two middle values. The met metrics are
 * selected narrow: four columns are what the sort of tens of thousands of them should carry.
 */
export function agentFigures(db: Database, scope: ReportScope, staff: Staff, span: Span) {
  return db.all<{
    agentId: string; name: string; active: number; resolved: number;
    responseMedian: number | null; responseP90: number | null; resolutionMedian: number | null; resolutionP90: number | null;
    completedMet: number; completed: number;
  }>(sql`
    WITH met AS (SELECT assignee_id, metric, in_time, minutes FROM (${metMetrics(scope, span)})),
    ranked AS (
      SELECT assignee_id, metric, minutes,
        row_number() OVER (PARTITION BY assignee_id, metric ORDER BY minutes) AS rn, count(*) OVER (PARTITION BY assignee_id, metric) AS n
      FROM met WHERE minutes IS NOT NULL AND assignee_id IS NOT NULL),
    stats AS (
      SELECT assignee_id, metric, avg(CASE WHEN rn IN ((n + 1) / 2, (n + 2) / 2) THEN minutes END) AS median,
        max(CASE WHEN rn = (9 * n + 9) / 10 THEN minutes END) AS p90
      FROM ranked GROUP BY assignee_id, metric),
    completed AS (
      SELECT assignee_id, sum(met) AS met, count(*) AS total FROM (
        SELECT assignee_id, 1 AS met FROM met WHERE in_time UNION ALL SELECT assignee_id, 0 FROM (${breaches(scope, span)}))
      GROUP BY assignee_id),
    resolved AS (
      SELECT tickets.assignee_id, count(*) AS n FROM tickets
      WHERE ${inScope(scope)} AND tickets.resolved_at >= ${span.start} AND tickets.resolved_at < ${span.end} GROUP BY tickets.assignee_id),
    active AS (SELECT tickets.assignee_id, count(*) AS n FROM tickets WHERE ${activeInScope(scope)} GROUP BY tickets.assignee_id)
    SELECT u.id AS agentId, u.name AS name, coalesce(a.n, 0) AS active, coalesce(r.n, 0) AS resolved,
      rs.median AS responseMedian, rs.p90 AS responseP90, rl.median AS resolutionMedian, rl.p90 AS resolutionP90,
      coalesce(c.met, 0) AS completedMet, coalesce(c.total, 0) AS completed
    FROM users u
      LEFT JOIN active a ON a.assignee_id = u.id
      LEFT JOIN resolved r ON r.assignee_id = u.id
      LEFT JOIN stats rs ON rs.assignee_id = u.id AND rs.metric = 'response'
      LEFT JOIN stats rl ON rl.assignee_id = u.id AND rl.metric = 'resolution'
      LEFT JOIN completed c ON c.assignee_id = u.id
    WHERE ${staffCondition(staff)}
    ORDER BY u.name, u.id`);
}
