import { z } from "@hono/zod-openapi";
import { MAX_LEVELS, MAX_REPEAT, THRESHOLD_BANDS } from "../../domain/escalation-policy";
import { IdParam } from "../../http/openapi";
import { EscalationLevelSchema } from "../../views/escalation-view";
import { listQuery } from "../../http/pagination";

const Thresholds = z
  .strictObject(Object.fromEntries(Array.from({ length: MAX_LEVELS }, (_, index) => [`level${index + 1}`, z.enum(THRESHOLD_BANDS).optional()])))
  .openapi({ description: "The SLA band that puts the ladder at each level (default level1 `high_risk`, level2 `breached`); rising with the levels." });

export const EscalationPolicyBody = z
  .strictObject({
    levels: z.array(EscalationLevelSchema).min(1).max(MAX_LEVELS),
    thresholds: Thresholds.default({}),
    repeat: z.number().int().min(0).max(MAX_REPEAT).default(0).openapi({ format: "int32", description: "How often the ladder starts again from level 1 after its last level." }),
  })
  .openapi("EscalationPolicy");

export const EscalateBody = z.strictObject({ reason: z.string().trim().min(1).max(1000) }).openapi("EscalateRequest");

export const EscalationListQuery = listQuery(["createdAt"] as const, "-createdAt").extend({
  ticketId: IdParam.optional(),
  teamId: IdParam.optional(),
  open: z.enum(["true", "false"]).transform((value) => value === "true").optional().openapi({ type: "string", enum: ["true", "false"], description: "`true`: the current, unacknowledged level of tickets still being worked." }),
});
