import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Database } from "../db/client";
import type { AppEnv } from "../env";
import { readerOf } from "../http/action-context";
import { authenticate } from "../http/auth";
import { bearerSecurity, errorResponses } from "../http/openapi";
import { createRouter } from "../http/router";
import { reportCsv } from "../domain/report-csv";
import { RISK_BANDS } from "../domain/risk";
import { TICKET_STATUSES } from "../domain/ticket-fields";
import { reportFrame, type ReportFilters, type ReportFrame } from "../services/report-scope";
import { agentsReport, agingReport, overviewReport, riskDistributionReport, slaComplianceReport, trendsReport, workloadReport } from "../services/reports";
import { violationsReport } from "../services/violations";
import * as s from "./schemas/report";

const SCOPE =
  "Managers and admins see the organization, agents the teams they belong to, requesters nothing (403). " +
  "Filters: `teamId`, `priority`, and `from`/`to`, dates of the organization's time zone bounding when each counted fact happened.";

/** A report's OpenAPI description: JSON or, with `format=csv`, the CSV of the same rows with `columns`. */
function reportRoute<Q extends z.ZodObject, A extends z.ZodType>(path: string, summary: string, description: string, query: Q, answer: A, columns: readonly string[]) {
  return createRoute({
    tags: ["Reports"],
    security: bearerSecurity,
    method: "get",
    // From the path: `/sla-compliance` → `getSlaComplianceReport`.
    operationId: `get${path.replace(/(?:^\/|-)(\w)/g, (_, letter: string) => letter.toUpperCase())}Report`,
    path,
    summary,
    description: `${description}\n\n${SCOPE}\n\nCSV columns: ${columns.map((column) => `\`${column}\``).join(", ")}.`,
    middleware: [authenticate] as const,
    request: { query },
    responses: {
      200: {
        description: "The report as JSON, or with `format=csv` as RFC 4180 CSV of the same rows.",
        content: { "application/json": { schema: answer }, "text/csv": { schema: z.string() } },
      },
      ...errorResponses(400, 401, 403, 404),
    },
  });
}

type Query = ReportFilters & { format: "json" | "csv" };

/**
 * Runs a report for the caller and answers it as JSON or CSV. CSV rows are the list's items, or the
 * one object of a report that is no list; `columns` head a CSV with no rows.
 */
async function respond<Q extends Query>(c: Context<AppEnv>, query: Q, columns: readonly string[], run: (db: Database, frame: ReportFrame, query: Q) => Promise<object>) {
  const { db, caller } = readerOf(c);
  const frame = await reportFrame(db, caller, query, c.get("now"));
  const answer = await run(db, frame, query);
  if (query.format === "json") return c.json(answer, 200);
  const rows = "items" in answer ? (answer.items as object[]) : [answer];
  const name = new URL(c.req.url).pathname.split("/").at(-1);
  return c.body(reportCsv(rows, columns), 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${name}-${frame.range.from}-${frame.range.to}.csv"`,
    "Cache-Control": "private, no-store",
  });
}

/** Each report's CSV columns, for its description and for a CSV with no rows. */
const COLUMNS = {
  overview: ["open", ...TICKET_STATUSES.map((status) => `byStatus.${status}`), ...RISK_BANDS.map((band) => `byRisk.${band}`), "breachedToday", "compliance30d.response", "compliance30d.resolution"],
  riskDistribution: ["risk", "count"],
  workload: ["agentId", "name", "active", ...RISK_BANDS.map((band) => `byRisk.${band}`), "escalated"],
  slaCompliance: ["group", "metric", "met", "breached", "compliance"],
  agents: ["agentId", "name", "resolved", "medianResponseMinutes", "p90ResponseMinutes", "medianResolutionMinutes", "p90ResolutionMinutes", "breachRate"],
  aging: ["bucket", "count"],
  trends: ["date", "created", "resolved", "breached"],
  violations: ["ticketId", "ticketKey", "metric", "dueAt", "breachedByMinutes"],
};

const overview = reportRoute(
  "/overview",
  "Tickets now, today's breaches and the last 30 days' compliance",
  "`open` counts every ticket not resolved or closed; `byStatus` every ticket per status now; `byRisk` open tickets per risk band now. " +
    "`breachedToday` counts metrics breached since local midnight, `compliance30d` is met in time ÷ completed over the last 30 days per metric (null when none completed). `from`/`to` do not apply.",
  s.ReportQuery,
  s.OverviewSchema,
  COLUMNS.overview,
);
const riskDistribution = reportRoute(
  "/risk-distribution",
  "Open tickets per risk band",
  "Every band, counted or not, as of now (tickets no SLA policy governs are not counted). `from`/`to` do not apply.",
  s.ReportQuery,
  s.RiskDistributionSchema,
  COLUMNS.riskDistribution,
);
const workload = reportRoute(
  "/workload",
  "Each agent's active tickets by risk band",
  "Every active staff member of the teams in scope, with the active tickets assigned to them now, per risk band, and how many are escalated. `from`/`to` do not apply.",
  s.ReportQuery,
  s.WorkloadSchema,
  COLUMNS.workload,
);
const slaCompliance = reportRoute(
  "/sla-compliance",
  "SLA compliance per day, week, team or priority",
  "Per group and metric: metrics met in time and breached in the range, and `compliance` = met ÷ (met + breached), null when none completed. " +
    "A metric counts on the day it completed (met, or reached its target unmet); figures come from the stored clocks and SLA events in business minutes. Every day or week of the range, every team in scope and every priority is listed, counted or not.",
  s.ComplianceQuery,
  s.ComplianceSchema,
  COLUMNS.slaCompliance,
);
const agents = reportRoute(
  "/agents",
  "Each agent's resolutions, response and resolution times, and breach rate",
  "Over the tickets assigned to each staff member of the teams in scope: tickets resolved in the range; the median and p90 (nearest rank) of business minutes their metrics counted when met in the range; " +
    "and `breachRate`, breached ÷ completed metrics in the range (null when none).",
  s.ReportQuery,
  s.AgentsSchema,
  COLUMNS.agents,
);
const aging = reportRoute(
  "/aging",
  "Open tickets by age",
  "Wall-clock age of open tickets now in buckets `<1d`, `1-3d`, `3-7d`, `7-30d`, `>30d`, each from its lower bound on (a ticket exactly 1 day old is `1-3d`). `from`/`to` do not apply.",
  s.ReportQuery,
  s.AgingSchema,
  COLUMNS.aging,
);
const trends = reportRoute(
  "/trends",
  "Tickets created and resolved, and metrics breached, per day",
  "One item per local day of the range, counted or not.",
  s.ReportQuery,
  s.TrendsSchema,
  COLUMNS.trends,
);
const violations = reportRoute(
  "/violations",
  "Metrics breached in the range, newest first",
  "One item per breached metric, with `dueAt` (when it reached its target) and `breachedByMinutes` (business minutes past the target when met late, or now while still open). Pages with `limit` and `cursor`; the CSV holds the same page.",
  s.ViolationsQuery,
  s.ViolationsSchema,
  COLUMNS.violations,
);

/** `GET /reports/*` (contract §8); agents, managers and admins. */
export const reportRoutes = createRouter()
  .openapi(overview, (c) => respond(c, c.req.valid("query"), COLUMNS.overview, overviewReport))
  .openapi(riskDistribution, (c) => respond(c, c.req.valid("query"), COLUMNS.riskDistribution, riskDistributionReport))
  .openapi(workload, (c) => respond(c, c.req.valid("query"), COLUMNS.workload, workloadReport))
  .openapi(slaCompliance, (c) => respond(c, c.req.valid("query"), COLUMNS.slaCompliance, (db, frame, query) => slaComplianceReport(db, frame, query.groupBy)))
  .openapi(agents, (c) => respond(c, c.req.valid("query"), COLUMNS.agents, agentsReport))
  .openapi(aging, (c) => respond(c, c.req.valid("query"), COLUMNS.aging, agingReport))
  .openapi(trends, (c) => respond(c, c.req.valid("query"), COLUMNS.trends, trendsReport))
  .openapi(violations, (c) => respond(c, c.req.valid("query"), COLUMNS.violations, violationsReport));
