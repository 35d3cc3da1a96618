import { z } from "@hono/zod-openapi";
import type { TicketRow } from "../db/tickets";
import { RISK_BANDS } from "../domain/risk";
import type { MetricView, SlaView } from "../domain/sla-view";
import { PRIORITIES, TICKET_STATUSES } from "../domain/ticket-fields";
import { slaOf, type TicketWithClocks } from "../services/ticket-sla";

/**
 * A ticket as every reader sees it: the API's answers, the live room's messages, emails and
 * webhooks all carry this one shape (and its OpenAPI schema lives with it).
 */
const Instant = z.string().openapi({ format: "date-time" });

const MetricSchema = z
  .object({
    targetMinutes: z.number().int(),
    dueAt: Instant.nullable(),
    elapsedMinutes: z.number().int(),
    percent: z.number().int(),
    state: z.enum(["running", "paused", "met", "breached"]),
  })
  .openapi("SlaMetric");

const BandSchema = z.enum(RISK_BANDS);

export const SlaSchema = z
  .object({ policyId: z.string().nullable(), response: MetricSchema, resolution: MetricSchema, risk: BandSchema, riskPercent: z.number().int() })
  .openapi("Sla", { description: "Computed for the instant of the request; null when no policy governs the ticket." });

const metricView = (metric: MetricView) => ({
  targetMinutes: metric.targetMinutes,
  dueAt: metric.dueAt === null ? null : new Date(metric.dueAt).toISOString(),
  elapsedMinutes: metric.elapsedMinutes,
  percent: metric.percent,
  state: metric.state,
});

function toSlaView(sla: SlaView | null): z.infer<typeof SlaSchema> | null {
  if (!sla) return null;
  return { policyId: sla.policyId, response: metricView(sla.response), resolution: metricView(sla.resolution), risk: sla.risk, riskPercent: sla.riskPercent };
}

const EscalationSchema = z
  .object({
    level: z.number().int(),
    since: Instant,
    acknowledgedAt: Instant.nullable(),
    acknowledgedBy: z.string().nullable(),
    nextStepAt: Instant.nullable().openapi({ description: "When the level's time to acknowledge runs out; null once acknowledged or at the end of the ladder." }),
  })
  .openapi("Escalation", { description: "The escalation ladder (contract §5); null while the ticket was never escalated." });

export const TicketSchema = z
  .object({
    id: z.string(),
    key: z.string().openapi({ example: "OPS-12" }),
    title: z.string(),
    description: z.string(),
    priority: z.enum(PRIORITIES),
    category: z.string().nullable(),
    status: z.enum(TICKET_STATUSES),
    teamId: z.string(),
    assigneeId: z.string().nullable(),
    requesterId: z.string(),
    customer: z.string().nullable(),
    tags: z.array(z.string()),
    version: z.number().int(),
    reopenCount: z.number().int(),
    escalationLevel: z.number().int(),
    escalation: EscalationSchema.nullable(),
    createdAt: Instant,
    updatedAt: Instant,
    firstRespondedAt: Instant.nullable(),
    resolvedAt: Instant.nullable(),
    closedAt: Instant.nullable(),
    sla: SlaSchema.nullable(),
  })
  .openapi("Ticket");

const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * Field by field rather than by rest and spread: a list answers fifty at a time, and an object
 * literal of known keys is built many times faster; nothing else a row carries can slip out.
 */
export function toTicketView(row: TicketRow & { clocks?: unknown }, sla: SlaView | null): z.infer<typeof TicketSchema> {
  const since = row.escalationSince;
  return {
    id: row.id,
    teamId: row.teamId,
    key: row.key,
    title: row.title,
    description: row.description,
    priority: row.priority,
    category: row.category,
    status: row.status,
    assigneeId: row.assigneeId,
    requesterId: row.requesterId,
    customer: row.customer,
    tags: row.tags,
    version: row.version,
    reopenCount: row.reopenCount,
    escalationLevel: row.escalationLevel,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    firstRespondedAt: iso(row.firstRespondedAt),
    resolvedAt: iso(row.resolvedAt),
    closedAt: iso(row.closedAt),
    escalation:
      row.escalationLevel > 0 && since
        ? { level: row.escalationLevel, since: since.toISOString(), acknowledgedAt: iso(row.escalationAcknowledgedAt), acknowledgedBy: row.escalationAcknowledgedBy, nextStepAt: iso(row.escalationNextStepAt) }
        : null,
    sla: toSlaView(sla),
  };
}

/** A ticket as the API answers it, its `sla` block computed for `now`. */
export const ticketViewAt = (ticket: TicketWithClocks, now: Date) => toTicketView(ticket, slaOf(ticket, now));

