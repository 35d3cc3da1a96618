import { createRoute } from "@hono/zod-openapi";
import { authenticate, authenticateGuardedWrite, requireRole } from "../http/auth";
import { actionContext } from "../http/action-context";
import { IdempotencyHeaders, idempotent } from "../http/idempotency";
import { bearerSecurity, errorResponses, jsonAnswer, jsonBody, pageOf } from "../http/openapi";
import { toPageRequest } from "../http/pagination";
import { createRouter } from "../http/router";
import { assignTicket, changeStatus, updateTicket } from "../services/ticket-changes";
import { createTicket } from "../services/ticket-create";
import { deleteTicket, getTicket, highRiskTickets, listVisibleTickets, ticketHistory } from "../services/ticket-service";
import {
  AssignBody,
  CreateTicketBody,
  HighRiskQuery,
  HistoryEntrySchema,
  IfMatchHeaders,
  StatusBody,
  TicketListQuery,
  TicketParams,
  toTicketFilter,
  UpdateTicketBody,
} from "./schemas/ticket";
import { TicketSchema, ticketViewAt, toTicketView } from "../views/ticket-view";

const common = { tags: ["Tickets"], security: bearerSecurity };
const signedIn = [authenticate];
/** The ticket's version as its ETag, for `If-Match`. */
const versionTag = (ticket: { version: number }) => ({ ETag: `"${ticket.version}"` });
const ticketAnswer = (description: string) => ({ ...jsonAnswer(TicketSchema, description), headers: { ETag: { schema: { type: "string" as const }, description: "The ticket's version, for `If-Match`." } } });

const list = createRoute({
  ...common,
  method: "get",
  operationId: "listTickets",
  path: "/",
  summary: "List the tickets the caller may see",
  description: "Managers and admins see the organization's tickets, agents their teams', requesters their own.",
  middleware: signedIn,
  request: { query: TicketListQuery },
  responses: { 200: jsonAnswer(pageOf(TicketSchema), "One page of tickets."), ...errorResponses(400, 401) },
});

const create = createRoute({
  ...common,
  method: "post",
  operationId: "createTicket",
  path: "/",
  summary: "File a ticket",
  description: "The ticket gets the next key of its team (`OPS-1`, `OPS-2`, …).",
  middleware: [authenticateGuardedWrite, idempotent("tickets.create")],
  request: { headers: IdempotencyHeaders, body: jsonBody(CreateTicketBody) },
  responses: { 201: ticketAnswer("The new ticket."), ...errorResponses(400, 401, 403, 409, 422) },
});

const highRisk = createRoute({
  ...common,
  method: "get",
  operationId: "listHighRiskTickets",
  path: "/high-risk",
  summary: "Active tickets at high risk or breached, worst first",
  description: "Those the caller may see, ordered by risk percent and then the earliest due; at most `limit` (default 50).",
  middleware: signedIn,
  request: { query: HighRiskQuery },
  responses: { 200: jsonAnswer(pageOf(TicketSchema), "The tickets most at risk."), ...errorResponses(400, 401) },
});

const read = createRoute({
  ...common,
  method: "get",
  operationId: "getTicket",
  path: "/{id}",
  summary: "Get a ticket by id or key",
  middleware: signedIn,
  request: { params: TicketParams },
  responses: { 200: ticketAnswer("The ticket."), ...errorResponses(401, 404) },
});

const update = createRoute({
  ...common,
  method: "patch",
  operationId: "updateTicket",
  path: "/{id}",
  summary: "Edit a ticket's fields",
  description: "Requesters may edit the title and description of their own tickets.",
  middleware: signedIn,
  request: { params: TicketParams, headers: IfMatchHeaders, body: jsonBody(UpdateTicketBody) },
  responses: { 200: ticketAnswer("The updated ticket."), ...errorResponses(400, 401, 403, 404, 409, 412) },
});

const remove = createRoute({
  ...common,
  method: "delete",
  operationId: "deleteTicket",
  path: "/{id}",
  summary: "Delete a ticket with its comments, history and attachments",
  middleware: [authenticate, requireRole("manager")],
  request: { params: TicketParams },
  responses: { 204: { description: "Deleted." }, ...errorResponses(401, 403, 404) },
});

const status = createRoute({
  ...common,
  method: "patch",
  operationId: "changeTicketStatus",
  path: "/{id}/status",
  summary: "Move a ticket to another status",
  description: "Only the moves of the contract's state machine; any other answers 409 `E_INVALID_TRANSITION` and changes nothing.",
  middleware: signedIn,
  request: { params: TicketParams, headers: IfMatchHeaders, body: jsonBody(StatusBody) },
  responses: { 200: ticketAnswer("The ticket in its new status."), ...errorResponses(400, 401, 403, 404, 409, 412) },
});

const assign = createRoute({
  ...common,
  method: "post",
  operationId: "assignTicket",
  path: "/{id}/assign",
  summary: "Assign a ticket to a member of its team",
  middleware: signedIn,
  request: { params: TicketParams, headers: IfMatchHeaders, body: jsonBody(AssignBody) },
  responses: { 200: ticketAnswer("The assigned ticket."), ...errorResponses(400, 401, 403, 404, 409, 412) },
});

const history = createRoute({
  ...common,
  method: "get",
  operationId: "listTicketHistory",
  path: "/{id}/history",
  summary: "A ticket's history, oldest first",
  middleware: signedIn,
  request: { params: TicketParams },
  responses: { 200: jsonAnswer(pageOf(HistoryEntrySchema), "Every change, in order."), ...errorResponses(401, 404) },
});

export const ticketRoutes = createRouter()
  .openapi(list, async (c) => {
    const query = c.req.valid("query");
    const page = await listVisibleTickets(actionContext(c), toTicketFilter(query, c.get("now")), toPageRequest(query));
    return c.json({ items: page.items.map((ticket) => ticketViewAt(ticket, c.get("now"))), nextCursor: page.nextCursor }, 200);
  })
  .openapi(create, async (c) => {
    const ticket = await createTicket(actionContext(c), c.req.valid("json"));
    return c.json(ticketViewAt(ticket, c.get("now")), 201, versionTag(ticket));
  })
  .openapi(highRisk, async (c) => {
    const rated = await highRiskTickets(actionContext(c), c.req.valid("query").limit);
    return c.json({ items: rated.map(({ ticket, sla }) => toTicketView(ticket, sla)), nextCursor: null }, 200);
  })
  .openapi(read, async (c) => {
    const ticket = await getTicket(actionContext(c), c.req.valid("param").id);
    return c.json(ticketViewAt(ticket, c.get("now")), 200, versionTag(ticket));
  })
  .openapi(update, async (c) => {
    const ticket = await updateTicket(actionContext(c), c.req.valid("param").id, c.req.valid("json"), c.req.valid("header")["if-match"]);
    return c.json(ticketViewAt(ticket, c.get("now")), 200, versionTag(ticket));
  })
  .openapi(remove, async (c) => {
    await deleteTicket(actionContext(c), c.req.valid("param").id, c.env.ATTACHMENTS);
    return c.body(null, 204);
  })
  .openapi(status, async (c) => {
    const { status: to, note } = c.req.valid("json");
    const ticket = await changeStatus(actionContext(c), c.req.valid("param").id, to, note, c.req.valid("header")["if-match"]);
    return c.json(ticketViewAt(ticket, c.get("now")), 200, versionTag(ticket));
  })
  .openapi(assign, async (c) => {
    const ticket = await assignTicket(actionContext(c), c.req.valid("param").id, c.req.valid("json"), c.req.valid("header")["if-match"]);
    return c.json(ticketViewAt(ticket, c.get("now")), 200, versionTag(ticket));
  })
  .openapi(history, async (c) => {
    const rows = await ticketHistory(c.get("db"), c.get("caller"), c.req.valid("param").id);
    const items = rows.map((row) => ({ at: row.at.toISOString(), actorId: row.actorId, action: row.action, from: row.from, to: row.to, ip: row.ip }));
    return c.json({ items, nextCursor: null }, 200);
  });
