import { z } from "@hono/zod-openapi";
import { AUTOMATION_EVENTS, CONDITION_FIELDS } from "../../domain/automation-rules";
import { IdParam } from "../../http/openapi";
import { listQuery } from "../../http/pagination";

/** `?limit`, `?cursor`, `?sort=position|-position`, and the filters `on` and `enabled`. */
export const AutomationListQuery = listQuery(["position"] as const, "position").extend({
  on: z.enum(AUTOMATION_EVENTS).optional().openapi({ description: "Only rules for this event." }),
  enabled: z.enum(["true", "false"]).optional().openapi({ description: "Only enabled (`true`) or disabled (`false`) rules." }),
});

/** `{id}` of one rule. */
export const AutomationParams = z.object({ id: IdParam.openapi({ description: "The rule's id." }) });

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const conditions = { type: "array" as const, maxItems: 20, items: ref("AutomationCondition") };

/**
 * The rule language is checked by `checkRuleShape`, which names every bad field by its path
 * (`if.all.0.field`, `then.2.action`) and refuses unknown keys at any level. So zod lets the
 * body through as any object and only this schema's metadata documents it.
 */
export const AutomationBody = z
  .looseObject({
    name: z.unknown().optional().openapi({ type: "string", minLength: 1, maxLength: 200, description: "1–200 characters, trimmed.", example: "Page managers on P1 at risk" }),
    enabled: z.unknown().optional().openapi({ type: "boolean", default: true, description: "A disabled rule never runs, but can still be dry-run." }),
    on: z.unknown().optional().openapi({ type: "string", enum: [...AUTOMATION_EVENTS], description: "The event the rule runs on: those of contract §6, plus `ticket.updated`." }),
    if: z.unknown().optional().openapi({
      type: "object",
      additionalProperties: false,
      properties: { all: conditions, any: conditions },
      description:
        `Conditions \`{field, op, value}\` on the ticket as it is after the event. Fields: ${CONDITION_FIELDS.map((field) => `\`${field}\``).join(", ")}. ` +
        "`all`: every one holds (absent or empty: true); `any`: at least one holds (absent: true). Left out, the rule runs on every ticket of its event. " +
        "A `teamId` or `assigneeId` value must be an id of the organization.",
    }),
    then: z.unknown().optional().openapi({
      type: "array",
      minItems: 1,
      maxItems: 10,
      items: ref("AutomationAction"),
      description: "1–10 actions, run in order. Every user, team and webhook id must be of the organization (users active).",
    }),
  })
  .openapi("AutomationRequest", {
    required: ["name", "on", "then"],
    additionalProperties: false,
    example: {
      name: "Page managers on P1 at risk",
      on: "sla.high_risk",
      if: { all: [{ field: "priority", op: "eq", value: "P1" }], any: [{ field: "tags", op: "contains", value: "vip" }, { field: "sla.riskPercent", op: "gte", value: 80 }] },
      then: [{ action: "notify", role: "manager" }, { action: "add_tag", tag: "paged" }, { action: "escalate" }],
    },
  });

/** `POST /automations/{id}/dry-run`: the ticket to try the rule on, and the event to pretend. */
export const DryRunBody = z
  .strictObject({
    ticketId: IdParam.openapi({ description: "The ticket's id or key (`OPS-42`); one the caller may see." }),
    event: z.enum(AUTOMATION_EVENTS).openapi({ description: "The event to pretend happened." }),
  })
  .openapi("AutomationDryRunRequest");
