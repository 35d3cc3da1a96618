import { createRoute } from "@hono/zod-openapi";
import { authenticate } from "../http/auth";
import { bearerSecurity, errorResponses, jsonAnswer } from "../http/openapi";
import { createRouter } from "../http/router";
import { ticketSlaTimeline } from "../services/ticket-sla-timeline";
import { SlaTimelineSchema, toSlaTimelineView } from "../views/sla-timeline-view";
import { TicketParams } from "./schemas/ticket";

const read = createRoute({
  tags: ["Tickets"],
  security: bearerSecurity,
  method: "get",
  operationId: "getTicketSla",
  path: "/{id}/sla",
  summary: "A ticket's SLA with the timeline of its clocks",
  description: [
    "The ticket's `sla` block for the instant of the request, plus `timeline`: the life of both clocks, oldest first, enough to explain every `dueAt`.",
    "Each entry carries the business minutes the clock had counted at that instant (`elapsedMinutes`). Its `kind`:",
    "- `started`: the clock started with the ticket, under `policyId`, due at `dueAt`;",
    "- `retargeted`: a priority, category or customer change, or a policy or calendar edit, put the clock under `policyId` and its targets; elapsed and paused time are kept, `dueAt` is the new due instant;",
    "- `paused`: the ticket went `pending` (every pause shows, even one shorter than a minute);",
    "- `resumed`: the ticket left `pending`, or was reopened (the resolution); `dueAt` has moved by the paused business time;",
    "- `met`: the response was given (a public staff reply or the first move to `in_progress`) or the ticket resolved or closed; met later than `dueAt` is a breach;",
    "- `crossed`: the clock reached the `band` (`warning`, `high_risk`, `due_soon`) at `at`;",
    "- `breached`: the clock reached its target unmet.",
    "Entries of one instant come in that order, but for status moves made in the same instant, which keep theirs. The same people see it as see the ticket (a requester their own); anyone else gets 404.",
    "A ticket no policy governs answers 200 with every `sla` field null and an empty timeline, as its `sla` block is null.",
  ].join("\n"),
  middleware: [authenticate],
  request: { params: TicketParams },
  responses: { 200: jsonAnswer(SlaTimelineSchema, "The ticket's SLA and its timeline."), ...errorResponses(401, 404) },
});

export const ticketSlaRoutes = createRouter().openapi(read, async (c) => {
  const { ticket, timeline } = await ticketSlaTimeline(c.get("db"), c.get("caller"), c.req.valid("param").id);
  return c.json(toSlaTimelineView(ticket, timeline, c.get("now")), 200);
});
