import { z } from "@hono/zod-openapi";
import type { TicketFilter } from "../../db/tickets";
import { PRIORITIES, PRIORITY_ALIASES, TICKET_STATUSES, toPriority, type Priority } from "../../domain/ticket-fields";
import { IdParam } from "../../http/openapi";
import { listQuery, PageQuery } from "../../http/pagination";
import { RISK_BANDS, riskRanks } from "../../domain/risk";

const PRIORITY_NAMES = [...PRIORITIES, ...(Object.keys(PRIORITY_ALIASES) as (keyof typeof PRIORITY_ALIASES)[])] as const;

export const PriorityInput = z
  .enum(PRIORITY_NAMES)
  .transform((name): Priority => toPriority(name)!)
  .openapi({ description: "P1 (most urgent) to P4; CRITICAL, HIGH, MEDIUM and LOW are accepted for P1–P4.", example: "P2" });


const Title = z.string().trim().min(1).max(200);
const Description = z.string().max(20_000);
const Label = z.string().trim().min(1).max(100);
const Tags = z.array(z.string().trim().min(1).max(50)).max(30).openapi({ description: "Stored lower-case, without duplicates." });

export const CreateTicketBody = z
  .strictObject({
    title: Title,
    description: Description.optional(),
    priority: PriorityInput,
    teamId: IdParam,
    category: Label.nullable().optional(),
    customer: Label.nullable().optional(),
    tags: Tags.optional(),
    requesterId: IdParam.optional().openapi({ description: "Staff may file for someone else; defaults to the caller." }),
    assigneeId: IdParam.nullable().optional().openapi({ description: "Staff only: an active member of the team." }),
  })
  .openapi("CreateTicketRequest");

export const UpdateTicketBody = z
  .strictObject({
    title: Title.optional(),
    description: Description.optional(),
    priority: PriorityInput.optional(),
    category: Label.nullable().optional(),
    customer: Label.nullable().optional(),
    tags: Tags.optional(),
    teamId: IdParam.optional().openapi({ description: "Moves the ticket; it keeps its key, and an assignee who is not a member there is dropped." }),
  })
  .openapi("UpdateTicketRequest");

export const StatusBody = z.strictObject({ status: z.enum(TICKET_STATUSES), note: z.string().trim().min(1).max(2000).optional() }).openapi("StatusChangeRequest");

export const AssignBody = z
  .union([
    z.strictObject({ assigneeId: IdParam.nullable().openapi({ description: "An active member of the ticket's team, or null to unassign." }) }),
    z.strictObject({ auto: z.literal(true).openapi({ description: "Let auto-assignment choose: available, skilled, under capacity, fewest active tickets, longest since the last assignment." }) }),
  ])
  .openapi("AssignRequest");

export const TicketParams = z.object({ id: IdParam.openapi({ description: "The ticket's id or its key, such as `OPS-12`." }) });

/** `If-Match: 3` (quotes and a weak `W/` are accepted): the version the client last read. */
export const IfMatchHeaders = z.object({
  "if-match": z
    .string()
    .regex(/^(W\/)?"?[1-9][0-9]{0,9}"?$/, "Send the ticket's version, e.g. 3.")
    .transform((value) => Number(value.replace(/\D/g, "")))
    .optional()
    // The pattern allows at most `W/"` + 10 digits + `"`.
    .openapi({ maxLength: 14, description: "The `version` last read; a stale one answers 412 `E_VERSION_CONFLICT`." }),
});

// Room for every value of the longest list, with spaces; a longer filter can only repeat values.
const MAX_CSV_LENGTH = 200;

/** A comma-separated list of enum values in a query parameter, e.g. `status=open,pending`. */
function csvOf<T extends string>(values: readonly [T, ...T[]], description: string) {
  return z
    .string()
    .max(MAX_CSV_LENGTH)
    .transform((text, ctx) => {
      const parts = text.split(",").map((part) => part.trim());
      const unknown = parts.filter((part) => !(values as readonly string[]).includes(part));
      if (unknown.length === 0) return parts as T[];
      ctx.addIssue({ code: "custom", message: `Unknown value ${unknown.join(", ")}; use ${values.join(", ")}.` });
      return z.NEVER;
    })
    .optional()
    // The transform hides the string's own checks from the generator: its limit is restated.
    .openapi({ type: "string", maxLength: MAX_CSV_LENGTH, description });
}

export const TICKET_SORT_FIELDS = ["createdAt", "updatedAt", "priority"] as const;

export const TicketFilterQuery = z.object({
  status: csvOf(TICKET_STATUSES, "One or more statuses, comma-separated."),
  priority: csvOf(PRIORITY_NAMES, "One or more priorities (or aliases), comma-separated."),
  teamId: IdParam.optional(),
  assigneeId: IdParam.optional().openapi({ description: "A user id, or `none` for unassigned tickets." }),
  requesterId: IdParam.optional(),
  category: Label.optional(),
  q: z.string().trim().min(1).max(200).optional().openapi({ description: "Full-text search over key, title, description and comments." }),
  risk: csvOf(RISK_BANDS, "One or more risk bands at the request's instant, comma-separated."),
});

export const HighRiskQuery = PageQuery.pick({ limit: true });

export const TicketListQuery = listQuery(TICKET_SORT_FIELDS, "-createdAt").extend(TicketFilterQuery.shape);

/** The repository-level filter of a validated list query; risk bands are judged at `now`. */
export function toTicketFilter(query: z.infer<typeof TicketFilterQuery>, now: Date): TicketFilter {
  const { risk, ...rest } = query;
  return {
    ...rest,
    priority: query.priority?.map((name) => toPriority(name)!),
    assigneeId: query.assigneeId === "none" ? null : query.assigneeId,
    risk: risk && { ranks: riskRanks(risk), at: now.getTime() },
  };
}

const Instant = z.string().openapi({ format: "date-time" });

export const HistoryEntrySchema = z
  .object({ at: Instant, actorId: z.string().nullable(), action: z.string(), from: z.unknown(), to: z.unknown(), ip: z.string().nullable() })
  .openapi("HistoryEntry");
