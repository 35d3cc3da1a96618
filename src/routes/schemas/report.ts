import { z } from "@hono/zod-openapi";
import { IdParam } from "../../http/openapi";
import { PageQuery } from "../../http/pagination";
import { DATE } from "../../domain/calendar-rules";
import { RISK_BANDS } from "../../domain/risk";
import { PRIORITIES, TICKET_STATUSES } from "../../domain/ticket-fields";

const date = (which: string) =>
  z.string().regex(DATE, "A date as YYYY-MM-DD.").optional().openapi({
    // The pattern allows exactly 10 characters.
    maxLength: 10,
    description: `${which} (inclusive), a date in the organization's time zone; defaults give the last 30 days up to today. An impossible date (\`2026-02-30\`) is a 400.`,
    example: "2026-11-01",
  });

/** The filters every report takes (contract §8), and `format`. */
export const ReportQuery = z.strictObject({
  teamId: IdParam.optional().openapi({ description: "Only this team's tickets (an agent's own teams only)." }),
  priority: z.enum(PRIORITIES).optional().openapi({ description: "Only tickets of this priority." }),
  from: date("The first day counted"),
  to: date("The last day counted"),
  format: z.enum(["json", "csv"]).default("json").openapi({ description: "`csv`: the same rows as RFC 4180 CSV, one row per item, nested objects as `byRisk.warning`-style columns, numbers as numbers, empty cells for null." }),
});

export const ComplianceQuery = ReportQuery.extend({
  groupBy: z.enum(["day", "week", "team", "priority"]).default("day").openapi({ description: "Weeks start on Monday and are named by their Monday; teams by id." }),
});

export const ViolationsQuery = ReportQuery.extend(PageQuery.shape);

const count = z.number().int().min(0);
const ratio = z.number().min(0).max(1).nullable();
const minutes = z.number().nullable().openapi({ description: "Business minutes; the median of an even count is the mean of the two middle values (may end in .5); null with nothing measured." });
const byRisk = z.object(Object.fromEntries(RISK_BANDS.map((band) => [band, count])) as Record<(typeof RISK_BANDS)[number], typeof count>);
const metric = z.enum(["response", "resolution"]);

export const OverviewSchema = z
  .object({
    open: count.openapi({ description: "Tickets neither resolved nor closed." }),
    byStatus: z.object(Object.fromEntries(TICKET_STATUSES.map((status) => [status, count])) as Record<(typeof TICKET_STATUSES)[number], typeof count>),
    byRisk: byRisk.openapi({ description: "Open tickets per risk band now." }),
    breachedToday: count.openapi({ description: "Metrics breached since today's local midnight." }),
    compliance30d: z.object({ response: ratio, resolution: ratio }).openapi({ description: "Met in time ÷ completed over the last 30 days (today included); null when none completed." }),
  })
  .openapi("ReportOverview");

export const RiskDistributionSchema = z.object({ items: z.array(z.object({ risk: z.enum(RISK_BANDS), count })) }).openapi("ReportRiskDistribution");

export const WorkloadSchema = z
  .object({ items: z.array(z.object({ agentId: z.string(), name: z.string(), active: count, byRisk, escalated: count.openapi({ description: "Active tickets at escalation level 1 or more." }) })) })
  .openapi("ReportWorkload");

export const ComplianceSchema = z
  .object({ items: z.array(z.object({ group: z.string().openapi({ description: "A date, the Monday of a week, a team id or a priority." }), metric, met: count, breached: count, compliance: ratio })) })
  .openapi("ReportSlaCompliance");

export const AgentsSchema = z
  .object({
    items: z.array(
      z.object({
        agentId: z.string(),
        name: z.string(),
        resolved: count,
        medianResponseMinutes: minutes,
        p90ResponseMinutes: minutes,
        medianResolutionMinutes: minutes,
        p90ResolutionMinutes: minutes,
        breachRate: ratio.openapi({ description: "Breached ÷ completed metrics of their tickets; null when none completed." }),
      }),
    ),
  })
  .openapi("ReportAgents");

export const AgingSchema = z.object({ items: z.array(z.object({ bucket: z.enum(["<1d", "1-3d", "3-7d", "7-30d", ">30d"]), count })) }).openapi("ReportAging");

export const TrendsSchema = z.object({ items: z.array(z.object({ date: z.string(), created: count, resolved: count, breached: count })) }).openapi("ReportTrends");

export const ViolationsSchema = z
  .object({
    items: z.array(
      z.object({
        ticketId: z.string(),
        ticketKey: z.string(),
        metric,
        dueAt: z.string().openapi({ description: "When the metric reached its target (ISO 8601 UTC)." }),
        breachedByMinutes: z.number().int().nullable().openapi({ description: "Business minutes past the target: when met late, or now while still open." }),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .openapi("ReportViolations");
