import { z } from "@hono/zod-openapi";
import { ESCALATION_TRIGGERS, MAX_LEVELS, MAX_REPEAT, THRESHOLD_BANDS } from "../../domain/escalation-policy";
import { IdParam } from "../../http/openapi";
import { listQuery } from "../../http/pagination";

const Level = z
  .strictObject({
    userIds: z.array(IdParam).min(1).max(20).optional().openapi({ description: "Active users of the organization." }),
    role: z.enum(["manager", "admin"]).optional().openapi({ description: "`manager`: the team's managers (contract §2); `admin`: the organization's admins." }),
    ackTimeoutMinutes: z.number().int().min(1).max(1440).openapi({ description: "Minutes the level has to acknowledge before the next level is called." }),
  })
  .openapi("EscalationLevel");

const Thresholds = z
  .strictObject(Object.fromEntries(Array.from({ length: MAX_LEVELS }, (_, index) => [`level${index + 1}`, z.enum(THRESHOLD_BANDS).optional()])))
  .openapi({ description: "The SLA band that puts the ladder at each level (default level1 `high_risk`, level2 `breached`); rising with the levels." });

export const EscalationPolicyBody = z
  .strictObject({
    levels: z.array(Level).min(1).max(MAX_LEVELS),
    thresholds: Thresholds.default({}),
    repeat: z.number().int().min(0).max(MAX_REPEAT).default(0).openapi({ description: "How often the ladder starts again from level 1 after its last level." }),
  })
  .openapi("EscalationPolicy");

export const EscalationPolicySchema = z
  .object({ levels: z.array(Level), thresholds: z.record(z.string(), z.enum(THRESHOLD_BANDS)), repeat: z.number().int(), default: z.boolean() })
  .openapi("EscalationPolicyAnswer", { description: "`default`: the team has no policy of its own (its managers, 30 minutes)." });

export const EscalateBody = z.strictObject({ reason: z.string().trim().min(1).max(1000) }).openapi("EscalateRequest");

export const EscalationListQuery = listQuery(["createdAt"] as const, "-createdAt").extend({
  ticketId: IdParam.optional(),
  teamId: IdParam.optional(),
  open: z.enum(["true", "false"]).transform((value) => value === "true").optional().openapi({ type: "string", enum: ["true", "false"], description: "`true`: the current, unacknowledged level of tickets still being worked." }),
});

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
