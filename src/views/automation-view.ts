import { z } from "@hono/zod-openapi";
import { toRule, type AutomationRow } from "../db/automations";
import { RULE_LIMITS } from "../domain/automation-check";
import { AUTOMATION_EVENTS, CONDITION_FIELDS, CONDITION_OPS, type AutomationAction } from "../domain/automation-rules";
import { PRIORITIES, TICKET_STATUSES } from "../domain/ticket-fields";

/** A condition of a rule (contract §9). Also the request's, where `checkRuleShape` does the checking. */
export const AutomationConditionSchema = z
  .object({
    field: z.enum(CONDITION_FIELDS).openapi({ description: "A ticket field, or `sla.risk` (safe < warning < high_risk < breached) / `sla.riskPercent`." }),
    op: z.enum(CONDITION_OPS).openapi({
      description:
        "`eq`/`neq`; `in` (the value is an array); `contains` (text ignoring case, or a tag); `gte`/`lte` (numbers, priorities by urgency — `gte P2` is P1 or P2 — and risk bands); " +
        "`changed` (no value) and `changed_to` (the field differs from before the event, and now equals the value). For `tags`, `eq`/`neq`/`changed_to` compare the whole tag set (an array).",
    }),
    value: z.unknown().optional().openapi({ description: "Of the field's kind; an array for `in` and for tags; absent for `changed`.", example: "P1" }),
  })
  .openapi("AutomationCondition", { example: { field: "priority", op: "in", value: ["P1", "P2"] } });

const act = <A extends string>(name: A) => z.literal(name).openapi({ description: `\`${name}\`` });
// The request's rules come from `checkRuleShape`; these limits document its bounds.
const RuleId = z.string().max(RULE_LIMITS.id);

/** An action of a rule (contract §9). */
export const AutomationActionSchema = z
  .union([
    z.object({ action: act("assign"), userId: RuleId.optional(), auto: z.literal(true).optional() }).openapi({ description: "Assign to `userId`, or `auto: true` for auto-assignment (one of the two)." }),
    z.object({ action: act("set_priority"), priority: z.enum(PRIORITIES) }),
    z.object({ action: act("set_team"), teamId: RuleId }),
    z.object({ action: act("add_tag"), tag: z.string().max(RULE_LIMITS.tag) }),
    z.object({ action: act("notify"), userIds: z.array(RuleId).max(RULE_LIMITS.values).optional(), role: z.enum(["manager", "admin"]).optional(), webhookId: RuleId.optional() }).openapi({
      description: "Notify people by id, people by role (`manager` or `admin`), and/or a webhook of the organization: at least one of them.",
    }),
    z.object({ action: act("escalate") }),
    z.object({ action: act("set_status"), status: z.enum(TICKET_STATUSES) }),
    z.object({ action: act("comment"), body: z.string().max(RULE_LIMITS.text), public: z.boolean().openapi({ description: "Defaults to true." }) }),
  ])
  .openapi("AutomationAction", { example: { action: "set_priority", priority: "P1" } });

const Conditions = z
  .object({ all: z.array(AutomationConditionSchema).optional(), any: z.array(AutomationConditionSchema).optional() })
  .openapi({ description: "Every condition of `all` and at least one of `any` (when given) must hold; `{}` matches every ticket of the event." });

/** A stored automation rule (contract §9). */
export const AutomationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    enabled: z.boolean(),
    on: z.enum(AUTOMATION_EVENTS),
    if: Conditions,
    then: z.array(AutomationActionSchema),
    position: z.number().int().openapi({ description: "The rule's place in the run order: rules run lowest first. A new rule goes last." }),
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Automation");

/** The answer of a dry run. */
export const DryRunResultSchema = z
  .object({
    matched: z.boolean().openapi({ description: "The rule is for this event and its conditions hold for the ticket now." }),
    actions: z.array(AutomationActionSchema).openapi({ description: "What the rule would do, in order; empty unless matched." }),
  })
  .openapi("AutomationDryRun");

type ActionView = z.infer<typeof AutomationActionSchema>;

/** A stored rule as answered: `if` and `then` as written, `position` its place in the run order. */
export function toAutomationView(row: AutomationRow): z.infer<typeof AutomationSchema> {
  const rule = toRule(row);
  return {
    id: rule.id,
    name: rule.name,
    enabled: rule.enabled,
    on: rule.on,
    if: rule.if,
    then: rule.then as ActionView[],
    position: row.position,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A dry run's verdict as answered. */
export function toDryRunView(result: { matched: boolean; actions: AutomationAction[] }): z.infer<typeof DryRunResultSchema> {
  return { matched: result.matched, actions: result.actions as ActionView[] };
}
