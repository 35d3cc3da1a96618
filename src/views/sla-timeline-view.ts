import { z } from "@hono/zod-openapi";
import { CROSSINGS } from "../domain/sla-clock";
import { TIMELINE_KINDS, type TimelineEntry } from "../domain/sla-timeline";
import type { TicketWithClocks } from "../services/ticket-sla";
import { SlaSchema, ticketViewAt } from "./ticket-view";

/**
 * A ticket's SLA with the timeline of its clocks (contract §4): the ticket's `sla` block plus
 * `timeline`, as the API answers it and the dashboard shows it.
 */
const Instant = z.string().openapi({ format: "date-time" });

const TimelineEntrySchema = z
  .object({
    at: Instant,
    metric: z.enum(["response", "resolution"]),
    kind: z.enum(TIMELINE_KINDS),
    band: z.enum(CROSSINGS).optional().openapi({ description: "The band crossed; on `crossed` and `breached`." }),
    policyId: z.string().optional().openapi({ description: "The governing policy from then on; on `started` and `retargeted`." }),
    dueAt: Instant.optional().openapi({ description: "The due instant as known then; on `started`, `retargeted`, `resumed` and `met`." }),
    elapsedMinutes: z.number().int().openapi({ description: "Business minutes the clock had counted at `at`." }),
  })
  .openapi("SlaTimelineEntry", {
    example: { at: "2025-01-14T10:00:00.000Z", metric: "resolution", kind: "resumed", dueAt: "2025-01-14T14:00:00.000Z", elapsedMinutes: 240 },
  });

const { response, resolution, risk } = SlaSchema.shape;
// A union with null, not `.nullable()`: the generator would render a nullable reference as one that null cannot match.
const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);

export const SlaTimelineSchema = z
  .object({
    policyId: z.string().nullable(),
    response: orNull(response),
    resolution: orNull(resolution),
    risk: risk.nullable(),
    riskPercent: z.number().int().nullable(),
    timeline: z.array(TimelineEntrySchema),
  })
  .openapi("SlaTimeline", {
    description: "The ticket's `sla` block for the instant of the request plus the clocks' timeline, oldest first. No policy governs the ticket: every `sla` field is null and the timeline is empty.",
    example: {
      policyId: "0b6f3c1e-policy",
      response: { targetMinutes: 60, dueAt: "2025-01-13T10:00:00.000Z", elapsedMinutes: 30, percent: 50, state: "met" },
      resolution: { targetMinutes: 480, dueAt: "2025-01-14T14:00:00.000Z", elapsedMinutes: 300, percent: 62, state: "running" },
      risk: "warning",
      riskPercent: 62,
      timeline: [
        { at: "2025-01-13T09:00:00.000Z", metric: "resolution", kind: "started", policyId: "0b6f3c1e-policy", dueAt: "2025-01-14T09:00:00.000Z", elapsedMinutes: 0 },
        { at: "2025-01-13T09:30:00.000Z", metric: "response", kind: "met", dueAt: "2025-01-13T10:00:00.000Z", elapsedMinutes: 30 },
        { at: "2025-01-13T13:00:00.000Z", metric: "resolution", kind: "paused", elapsedMinutes: 240 },
        { at: "2025-01-14T10:00:00.000Z", metric: "resolution", kind: "resumed", dueAt: "2025-01-14T14:00:00.000Z", elapsedMinutes: 240 },
        { at: "2025-01-14T10:00:00.000Z", metric: "resolution", kind: "crossed", band: "warning", elapsedMinutes: 240 },
      ],
    },
  });

const UNGOVERNED = { policyId: null, response: null, resolution: null, risk: null, riskPercent: null };

const iso = (ms: number) => new Date(ms).toISOString();
const entryView = ({ at, dueAt, ...entry }: TimelineEntry): z.infer<typeof TimelineEntrySchema> => ({ at: iso(at), ...entry, ...(dueAt !== undefined && { dueAt: iso(dueAt) }) });

/** The answer of `GET /tickets/{id}/sla`: the ticket's `sla` block at `now` with the timeline. */
export function toSlaTimelineView(ticket: TicketWithClocks, timeline: readonly TimelineEntry[], now: Date): z.infer<typeof SlaTimelineSchema> {
  return { ...(ticketViewAt(ticket, now).sla ?? UNGOVERNED), timeline: timeline.map(entryView) };
}
