import { z } from "@hono/zod-openapi";
import type { PolicyRow } from "../../db/sla-policies";
import { DEFAULT_DUE_SOON_MINUTES, MAX_TARGET_MINUTES } from "../../domain/policy-match";
import { PRIORITIES } from "../../domain/ticket-fields";
import { IdParam } from "../../http/openapi";
import { listQuery } from "../../http/pagination";
import { PriorityInput } from "./ticket";
import { NameSchema } from "./user";

export const POLICY_SORT_FIELDS = ["priority", "name", "createdAt"] as const;
export const PolicyListQuery = listQuery(POLICY_SORT_FIELDS, "priority").extend({
  priority: PriorityInput.optional().openapi({ description: "Only the policies of this priority (aliases accepted)." }),
});
export const PolicyParams = z.object({ id: IdParam });
export const ConfigParams = z.object({ priority: PriorityInput });

/** The built-in calendar's name; as a `calendarId` it means the same as null. */
export const BUILT_IN_CALENDAR = "24x7";

const Minutes = (description: string) =>
  z.number().int().min(1).max(MAX_TARGET_MINUTES, "At most 365 days (525600 minutes).").openapi({ format: "int32", description, example: 240 });

/** The same rules as a ticket's category and customer, so every value a ticket can hold can be matched. */
const Scope = (what: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(100)
    .nullable()
    .optional()
    .transform((value) => value ?? null)
    .openapi({ description: `Only tickets whose ${what} is exactly this; absent or null: any.` });

const CalendarRef = IdParam.nullable()
  .optional()
  .transform((id) => (id === undefined || id === BUILT_IN_CALENDAR ? null : id))
  .openapi({ description: 'A calendar of the organization; absent, null or `"24x7"`: every minute counts (answers show null).' });

const targetFields = {
  responseMinutes: Minutes("Business minutes to the first response."),
  resolutionMinutes: Minutes("Business minutes to resolution."),
  calendarId: CalendarRef,
  dueSoonMinutes: Minutes("`sla.due_soon` fires when at most this much remains.").default(DEFAULT_DUE_SOON_MINUTES),
};

export const PolicyBody = z
  .strictObject({ name: NameSchema, priority: PriorityInput, category: Scope("category"), customer: Scope("customer"), ...targetFields })
  .openapi("SlaPolicyRequest", { description: "A whole policy; a PUT replaces every field (absent ones take their defaults)." });

export const ConfigBody = z.strictObject(targetFields).openapi("SlaConfigRequest");

export const PolicySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    priority: z.enum(PRIORITIES),
    category: z.string().nullable(),
    customer: z.string().nullable(),
    responseMinutes: z.number().int(),
    resolutionMinutes: z.number().int(),
    calendarId: z.string().nullable().openapi({ description: "null: the built-in 24x7 calendar." }),
    dueSoonMinutes: z.number().int(),
    createdAt: z.string().openapi({ example: "2026-11-20T09:00:00.000Z" }),
    updatedAt: z.string(),
  })
  .openapi("SlaPolicy");

export const ConfigSchema = z
  .object({
    items: z.array(PolicySchema).openapi({
      description:
        "The default policy in force for each priority, P1 first. Every organization is created with one per priority, " +
        "and a priority's last one cannot be removed.",
    }),
    nextCursor: z.null().openapi({ description: "Always null: the list is never paged." }),
  })
  .openapi("SlaConfig");

export function toPolicyView(row: PolicyRow): z.infer<typeof PolicySchema> {
  const { orgId: _org, ...fields } = row;
  return { ...fields, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}
