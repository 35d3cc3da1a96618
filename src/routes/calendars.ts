import { createRoute } from "@hono/zod-openapi";
import { roomWakerOf } from "../http/action-context";
import { authenticate, requireRole } from "../http/auth";
import { bearerSecurity, errorResponses, jsonAnswer, jsonBody, pageOf } from "../http/openapi";
import { toPageRequest } from "../http/pagination";
import { createRouter } from "../http/router";
import { createOrgCalendar, deleteOrgCalendar, getOrgCalendar, listOrgCalendars, replaceOrgCalendar } from "../services/calendar-service";
import { CalendarBody, CalendarListQuery, CalendarParams, CalendarSchema, toCalendarView } from "./schemas/calendar";

const common = { tags: ["SLA"], security: bearerSecurity };
const staff = [authenticate, requireRole("agent")];
const managers = [authenticate, requireRole("manager")];

const list = createRoute({
  ...common,
  method: "get",
  operationId: "listCalendars",
  path: "/",
  summary: "List the organization's business-hours calendars",
  description:
    "Agents, managers and admins. The built-in `24x7` calendar (every minute counts) is not stored and not listed: " +
    "a policy uses it when its `calendarId` is null.",
  middleware: staff,
  request: { query: CalendarListQuery },
  responses: { 200: jsonAnswer(pageOf(CalendarSchema), "One page of calendars."), ...errorResponses(400, 401, 403) },
});

const create = createRoute({
  ...common,
  method: "post",
  operationId: "createCalendar",
  path: "/",
  summary: "Create a calendar",
  description: "Managers and admins.",
  middleware: managers,
  request: { body: jsonBody(CalendarBody) },
  responses: { 201: jsonAnswer(CalendarSchema, "The new calendar."), ...errorResponses(400, 401, 403) },
});

const read = createRoute({
  ...common,
  method: "get",
  operationId: "getCalendar",
  path: "/{id}",
  summary: "Get a calendar",
  middleware: staff,
  request: { params: CalendarParams },
  responses: { 200: jsonAnswer(CalendarSchema, "The calendar."), ...errorResponses(401, 403, 404) },
});

const replace = createRoute({
  ...common,
  method: "put",
  operationId: "replaceCalendar",
  path: "/{id}",
  summary: "Replace a calendar",
  description: "Managers and admins. The running tickets of every policy on this calendar are re-timed; their teams' live rooms get a `ticket.updated` for each.",
  middleware: managers,
  request: { params: CalendarParams, body: jsonBody(CalendarBody) },
  responses: { 200: jsonAnswer(CalendarSchema, "The calendar as replaced."), ...errorResponses(400, 401, 403, 404) },
});

const remove = createRoute({
  ...common,
  method: "delete",
  operationId: "deleteCalendar",
  path: "/{id}",
  summary: "Delete a calendar",
  description: "Managers and admins. A calendar a policy still uses is kept: 409 `E_CALENDAR_IN_USE` with `details.policyIds`.",
  middleware: managers,
  request: { params: CalendarParams },
  responses: { 204: { description: "Deleted." }, ...errorResponses(401, 403, 404, 409) },
});

export const calendarRoutes = createRouter()
  .openapi(list, async (c) => {
    const page = await listOrgCalendars(c.get("db"), c.get("caller").orgId, toPageRequest(c.req.valid("query")));
    return c.json({ items: page.items.map(toCalendarView), nextCursor: page.nextCursor }, 200);
  })
  .openapi(create, async (c) => {
    const calendar = await createOrgCalendar(c.get("db"), c.get("caller").orgId, c.req.valid("json"), c.get("now"));
    return c.json(toCalendarView(calendar), 201);
  })
  .openapi(read, async (c) => {
    const calendar = await getOrgCalendar(c.get("db"), c.get("caller").orgId, c.req.valid("param").id);
    return c.json(toCalendarView(calendar), 200);
  })
  .openapi(replace, async (c) => {
    const calendar = await replaceOrgCalendar(c.get("db"), c.get("caller").orgId, c.req.valid("param").id, c.req.valid("json"), c.get("now"), roomWakerOf(c));
    return c.json(toCalendarView(calendar), 200);
  })
  .openapi(remove, async (c) => {
    await deleteOrgCalendar(c.get("db"), c.get("caller").orgId, c.req.valid("param").id, c.get("now"), roomWakerOf(c));
    return c.body(null, 204);
  });
