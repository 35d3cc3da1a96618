import type { Database } from "../db/client";
import { agentFigures, workloadCounts } from "../db/reports/agents";
import { complianceCounts, trendCounts, type ComplianceKey } from "../db/reports/compliance";
import { agingCounts, AGING_BUCKETS, breachCount, completionCounts, riskCounts, statusCounts } from "../db/reports/snapshot";
import { teamIds } from "../db/reports/scope";
import { breachRate, compliance, countsBy, sumCompleted } from "../domain/report-figures";
import { lastDays, weekOf } from "../domain/report-range";
import { RISK_BANDS } from "../domain/risk";
import { ACTIVE_STATUSES, PRIORITIES, TICKET_STATUSES } from "../domain/ticket-fields";
import type { ReportFrame } from "./report-scope";

const METRICS = ["response", "resolution"] as const;

const byRank = (rows: readonly { rank: number | null; n: number }[]) =>
  countsBy(RISK_BANDS, rows.map((row) => ({ key: row.rank === null ? null : RISK_BANDS[row.rank]!, n: row.n })));

/** `GET /reports/overview`: tickets as they are now, today's breaches, and the last 30 days' compliance (from/to do not apply). */
export async function overviewReport(db: Database, { scope, zone, now }: ReportFrame) {
  const [statuses, risks, breachedToday, completed] = await Promise.all([
    statusCounts(db, scope),
    riskCounts(db, scope, now),
    breachCount(db, scope, lastDays(zone, now, 1)),
    completionCounts(db, scope, lastDays(zone, now, 30)),
  ]);
  const byStatus = countsBy(TICKET_STATUSES, statuses.map((row) => ({ key: row.status, n: row.n })));
  const of = (metric: string) => compliance(completed.find((row) => row.metric === metric) ?? { met: 0, breached: 0 });
  return {
    open: ACTIVE_STATUSES.reduce((sum, status) => sum + byStatus[status], 0),
    byStatus,
    byRisk: byRank(risks),
    breachedToday: breachedToday[0]?.n ?? 0,
    compliance30d: { response: of("response"), resolution: of("resolution") },
  };
}

/** `GET /reports/risk-distribution`: open tickets per risk band now (tickets no SLA governs are not counted). */
export async function riskDistributionReport(db: Database, { scope, now }: ReportFrame) {
  const counts = byRank(await riskCounts(db, scope, now));
  return { items: RISK_BANDS.map((risk) => ({ risk, count: counts[risk] })) };
}

/** `GET /reports/aging`: open tickets per bucket of wall-clock age now. */
export async function agingReport(db: Database, { scope, now }: ReportFrame) {
  const counts = countsBy(AGING_BUCKETS.map(([bucket]) => bucket), (await agingCounts(db, scope, now)).map((row) => ({ key: row.bucket, n: row.n })));
  return { items: AGING_BUCKETS.map(([bucket]) => ({ bucket, count: counts[bucket] })) };
}

/** `GET /reports/workload`: each staff member of the teams in scope with their active tickets now. */
export async function workloadReport(db: Database, { scope, now }: ReportFrame) {
  const rows = await workloadCounts(db, scope, { ofTeamsIn: scope }, now);
  return {
    items: rows.map(({ agentId, name, active, safe, warning, highRisk, breached, escalated }) => ({
      agentId, name, active, byRisk: { safe, warning, high_risk: highRisk, breached }, escalated,
    })),
  };
}

export type ComplianceGroup = ComplianceKey | "week";

/** The groups an answer lists, counted or not: every day or week of the range, every team in scope, every priority. */
async function groupsOf(db: Database, frame: ReportFrame, groupBy: ComplianceGroup): Promise<string[]> {
  if (groupBy === "day") return frame.range.days;
  if (groupBy === "week") return [...new Set(frame.range.days.map(weekOf))];
  if (groupBy === "priority") return frame.scope.priority ? [frame.scope.priority] : [...PRIORITIES];
  return (await teamIds(db, frame.scope)).map((row) => row.id).sort();
}

/** `GET /reports/sla-compliance`: completed metrics per group and metric, met in time and breached, and their ratio. */
export async function slaComplianceReport(db: Database, frame: ReportFrame, groupBy: ComplianceGroup) {
  const [groups, rows] = await Promise.all([
    groupsOf(db, frame, groupBy),
    complianceCounts(db, frame.scope, frame.range, groupBy === "week" ? "day" : groupBy, frame.segments),
  ]);
  const fold = (group: string, metric: string) => sumCompleted(rows, (row) => row.metric === metric && (groupBy === "week" ? weekOf(row.grp) : row.grp) === group);
  return {
    items: groups.flatMap((group) => METRICS.map((metric) => {
      const counted = fold(group, metric);
      return { group, metric, ...counted, compliance: compliance(counted) };
    })),
  };
}

/** `GET /reports/trends`: per day of the range, tickets created, tickets resolved and metrics breached. */
export async function trendsReport(db: Database, frame: ReportFrame) {
  const rows = await trendCounts(db, frame.scope, frame.range, frame.segments);
  const count = (date: string, kind: string) => rows.find((row) => row.day === date && row.kind === kind)?.n ?? 0;
  return { items: frame.range.days.map((date) => ({ date, created: count(date, "created"), resolved: count(date, "resolved"), breached: count(date, "breached") })) };
}

/** `GET /reports/agents`: each staff member of the teams in scope with their figures over the range. */
export async function agentsReport(db: Database, frame: ReportFrame) {
  const rows = await agentFigures(db, frame.scope, { ofTeamsIn: frame.scope }, frame.range);
  return {
    items: rows.map((row) => ({
      agentId: row.agentId,
      name: row.name,
      resolved: row.resolved,
      medianResponseMinutes: row.responseMedian,
      p90ResponseMinutes: row.responseP90,
      medianResolutionMinutes: row.resolutionMedian,
      p90ResolutionMinutes: row.resolutionP90,
      breachRate: breachRate(row.completedMet, row.completed),
    })),
  };
}
