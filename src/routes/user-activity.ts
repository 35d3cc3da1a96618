import { createRoute, z } from "@hono/zod-openapi";
import { readerOf } from "../http/action-context";
import { authenticate } from "../http/auth";
import { bearerSecurity, errorResponses, IdParam, jsonAnswer, pageOf } from "../http/openapi";
import { toPageRequest } from "../http/pagination";
import { createRouter } from "../http/router";
import { userStats, userTickets } from "../services/user-activity";
import { TicketSchema, ticketViewAt } from "../views/ticket-view";
import { ReportQuery } from "./schemas/report";
import { TicketListQuery, toTicketFilter } from "./schemas/ticket";

const common = { tags: ["Users"], security: bearerSecurity, middleware: [authenticate], request: { params: z.object({ id: IdParam }) } };
const WHO = "For the user themself, managers and admins (others: 403); a user of another organization is missing (404).";

const tickets = createRoute({
  ...common,
  method: "get",
  operationId: "listUserTickets",
  path: "/{id}/tickets",
  summary: "The tickets a user is assigned or requested",
  description: `The list's filters, sort and pages (as \`GET /tickets\`), among the tickets the caller may see. ${WHO}`,
  request: { ...common.request, query: TicketListQuery },
  responses: { 200: jsonAnswer(pageOf(TicketSchema), "One page of tickets."), ...errorResponses(400, 401, 403, 404) },
});

const UserStatsSchema = z
  .object({
    active: z.number().int().min(0).openapi({ description: "Active tickets assigned to the user now." }),
    resolved: z.number().int().min(0).openapi({ description: "Tickets assigned to the user resolved in the range." }),
    breachRate: z.number().min(0).max(1).nullable().openapi({ description: "Breached ÷ completed SLA metrics of their tickets in the range; null when none completed." }),
    medianResolutionMinutes: z.number().nullable().openapi({ description: "Median business minutes their tickets' resolutions took, met in the range." }),
  })
  .openapi("UserStats");

const stats = createRoute({
  ...common,
  method: "get",
  operationId: "getUserStats",
  path: "/{id}/stats",
  summary: "A user's SLA figures",
  description: `The agents report's figures for one user (contract §8) over \`from\`/\`to\` (default the last 30 days), \`teamId\` and \`priority\`. ${WHO}`,
  request: { ...common.request, query: ReportQuery.omit({ format: true }) },
  responses: { 200: jsonAnswer(UserStatsSchema, "The user's figures."), ...errorResponses(400, 401, 403, 404) },
});

/** `GET /users/{id}/tickets` and `/users/{id}/stats`. */
export const userActivityRoutes = createRouter()
  .openapi(tickets, async (c) => {
    const { limit, cursor, sort, ...filters } = c.req.valid("query");
    const now = c.get("now");
    const page = await userTickets(readerOf(c), c.req.valid("param").id, toTicketFilter(filters, now), toPageRequest({ limit, cursor, sort }));
    return c.json({ items: page.items.map((ticket) => ticketViewAt(ticket, now)), nextCursor: page.nextCursor }, 200);
  })
  .openapi(stats, async (c) => {
    const { db, caller } = readerOf(c);
    return c.json(await userStats(db, caller, c.req.valid("param").id, c.req.valid("query"), c.get("now")), 200);
  });
