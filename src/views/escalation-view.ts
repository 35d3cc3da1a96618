import { z } from "@hono/zod-openapi";
import { IdParam } from "../http/openapi";
import type { EscalationRow } from "../db/escalations";
import { ESCALATION_TRIGGERS, THRESHOLD_BANDS, type EscalationPolicy, type EscalationTrigger, type ThresholdBand } from "../domain/escalation-policy";

/** One level of a policy: its people (users or a role) and their time to acknowledge. */
export const EscalationLevelSchema = z
  .strictObject({
    userIds: z.array(IdParam).min(1).max(20).optional().openapi({ description: "Active users of the organization." }),
    role: z.enum(["manager", "admin"]).optional().openapi({ description: "`manager`: the team's managers (contract §2); `admin`: the organization's admins." }),
    ackTimeoutMinutes: z.number().int().min(1).max(1440).openapi({ format: "int32", description: "Minutes the level has to acknowledge before the next level is called." }),
  })
  .openapi("EscalationLevel");

/** A team's escalation policy as answered (contract §5). */
export const EscalationPolicySchema = z
  .object({ levels: z.array(EscalationLevelSchema), thresholds: z.record(z.string(), z.enum(THRESHOLD_BANDS)), repeat: z.number().int(), default: z.boolean() })
  .openapi("EscalationPolicyAnswer", { description: "`default`: the team has no policy of its own (its managers, 30 minutes)." });

export function policyView(policy: EscalationPolicy & { custom: boolean }): z.infer<typeof EscalationPolicySchema> {
  return {
    levels: policy.levels,
    thresholds: Object.fromEntries(Object.entries(policy.thresholds).filter((entry): entry is [string, ThresholdBand] => entry[1] !== undefined)),
    repeat: policy.repeat,
    default: !policy.custom,
  };
}

/** One step of a ticket's escalation ladder (`GET /escalations`). */
export const EscalationSchema = z
  .object({
    id: z.string(),
    ticketId: z.string(),
    level: z.number().int(),
    reason: z.string(),
    trigger: z.enum(ESCALATION_TRIGGERS),
    createdAt: z.string().openapi({ format: "date-time" }),
    acknowledgedAt: z.string().nullable().openapi({ format: "date-time" }),
    acknowledgedBy: z.string().nullable(),
  })
  .openapi("EscalationStep");

export function escalationView(row: EscalationRow): z.infer<typeof EscalationSchema> {
  return {
    id: row.id,
    ticketId: row.ticketId,
    level: row.level,
    reason: row.reason,
    trigger: row.trigger as EscalationTrigger,
    createdAt: row.createdAt.toISOString(),
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: row.acknowledgedBy,
  };
}
