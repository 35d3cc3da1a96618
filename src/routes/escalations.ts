import { createRoute } from "@hono/zod-openapi";
import type { EscalationPolicy } from "../domain/escalation-policy";
import { actionContext, readerOf } from "../http/action-context";
import { authenticate, requireRole } from "../http/auth";
import { bearerSecurity, errorResponses, jsonAnswer, jsonBody, pageOf } from "../http/openapi";
import { toPageRequest } from "../http/pagination";
import { createRouter } from "../http/router";
import { acknowledgeTicket, escalateTicket, escalationsPage, replaceTeamPolicy, teamPolicy } from "../services/escalation-service";
import { TicketSchema, ticketViewAt } from "../views/ticket-view";
import { EscalationPolicySchema, EscalationSchema, escalationView, policyView } from "../views/escalation-view";
import { EscalateBody, EscalationListQuery, EscalationPolicyBody } from "./schemas/escalation";
import { TeamParams } from "./schemas/team";
import { TicketParams } from "./schemas/ticket";

const common = { tags: ["Escalation"], security: bearerSecurity };
const readPolicy = createRoute({
  ...common,
  method: "get",
  operationId: "getTeamEscalationPolicy",
  path: "/{id}/escalation-policy",
  summary: "A team's escalation policy",
  middleware: [authenticate, requireRole("manager")],
  request: { params: TeamParams },
  responses: { 200: jsonAnswer(EscalationPolicySchema, "The policy, or the default."), ...errorResponses(401, 403, 404) },
});

const putPolicyRoute = createRoute({
  ...common,
  method: "put",
  operationId: "replaceTeamEscalationPolicy",
  path: "/{id}/escalation-policy",
  summary: "Replace a team's escalation policy",
  description: "1–5 levels of users or a role, each with `ackTimeoutMinutes` (1–1440); `thresholds` rising with the levels; `repeat` 0–9. Running ladders follow it from their next step.",
  middleware: [authenticate, requireRole("manager")],
  request: { params: TeamParams, body: jsonBody(EscalationPolicyBody) },
  responses: { 200: jsonAnswer(EscalationPolicySchema, "The policy now in force."), ...errorResponses(400, 401, 403, 404) },
});

export const escalationPolicyRoutes = createRouter()
  .openapi(readPolicy, async (c) => c.json(policyView(await teamPolicy(readerOf(c), c.req.valid("param").id)), 200))
  .openapi(putPolicyRoute, async (c) => {
    const policy = await replaceTeamPolicy(readerOf(c), c.req.valid("param").id, c.req.valid("json") as EscalationPolicy, c.get("now"));
    return c.json(policyView(policy), 200);
  });

const escalate = createRoute({
  ...common,
  method: "post",
  operationId: "escalateTicket",
  path: "/{id}/escalate",
  summary: "Escalate a ticket one level",
  description: "Any staff member who can see the ticket. 409 `E_ESCALATION_AT_TOP` at the last level, `E_TICKET_NOT_ACTIVE` for a resolved or closed ticket.",
  middleware: [authenticate],
  request: { params: TicketParams, body: jsonBody(EscalateBody) },
  responses: { 200: jsonAnswer(TicketSchema, "The ticket at its new level."), ...errorResponses(400, 401, 403, 404, 409) },
});

const acknowledgeRoute = createRoute({
  ...common,
  method: "post",
  operationId: "acknowledgeTicketEscalation",
  path: "/{id}/acknowledge",
  summary: "Acknowledge a ticket's escalation",
  description: "By a person of the current level, a manager or an admin; the ladder stops until a new trigger. 409 `E_NOTHING_TO_ACKNOWLEDGE` without an unacknowledged level.",
  middleware: [authenticate],
  request: { params: TicketParams },
  responses: { 200: jsonAnswer(TicketSchema, "The ticket, acknowledged."), ...errorResponses(401, 403, 404, 409) },
});

export const ticketEscalationRoutes = createRouter()
  .openapi(escalate, async (c) => {
    const ticket = await escalateTicket(actionContext(c), c.req.valid("param").id, c.req.valid("json").reason);
    return c.json(ticketViewAt(ticket, c.get("now")), 200);
  })
  .openapi(acknowledgeRoute, async (c) => c.json(ticketViewAt(await acknowledgeTicket(actionContext(c), c.req.valid("param").id), c.get("now")), 200));

const list = createRoute({
  ...common,
  method: "get",
  operationId: "listEscalations",
  path: "/",
  summary: "Escalation steps of the tickets you may see, newest first",
  middleware: [authenticate, requireRole("agent")],
  request: { query: EscalationListQuery },
  responses: { 200: jsonAnswer(pageOf(EscalationSchema), "One page of escalation steps."), ...errorResponses(400, 401, 403) },
});

export const escalationRoutes = createRouter().openapi(list, async (c) => {
  const { ticketId, teamId, open, ...query } = c.req.valid("query");
  const page = await escalationsPage(readerOf(c), { ticketId, teamId, open }, toPageRequest(query));
  return c.json({ items: page.items.map(escalationView), nextCursor: page.nextCursor }, 200);
});
