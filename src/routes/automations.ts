import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { authenticate, requireRole } from "../http/auth";
import { IdempotencyHeaders, idempotent } from "../http/idempotency";
import { bearerSecurity, errorResponses, jsonAnswer, jsonBody, pageOf } from "../http/openapi";
import { toPageRequest } from "../http/pagination";
import { createRouter } from "../http/router";
import { createAutomation, dryRunAutomation, getAutomation, listOrgAutomations, putAutomation, removeAutomation, type AutomationContext } from "../services/automation-service";
import { AutomationSchema, DryRunResultSchema, toAutomationView, toDryRunView } from "../views/automation-view";
import { AutomationBody, AutomationListQuery, AutomationParams, DryRunBody } from "./schemas/automation";

const common = { tags: ["Automations"], security: bearerSecurity, middleware: [authenticate, requireRole("manager")] };
const RULE_CHECKS = "The rule is checked whole: an unknown field, operator, action or key, or an id (user, team, webhook) the organization does not have, is a 400 naming its path (`if.all.0.field`, `then.0.userId`).";

function automationContext(c: Context<AppEnv>): AutomationContext {
  return { db: c.get("db"), caller: c.get("caller"), now: c.get("now") };
}

const list = createRoute({
  ...common,
  method: "get",
  operationId: "listAutomations",
  path: "/",
  summary: "List the organization's automation rules in run order",
  description: "Rules run in `position` order (lowest first), each at most once per event. Admins and managers only.",
  request: { query: AutomationListQuery },
  responses: { 200: jsonAnswer(pageOf(AutomationSchema), "One page of rules."), ...errorResponses(400, 401, 403) },
});

const create = createRoute({
  ...common,
  middleware: [...common.middleware, idempotent("automations.create")],
  method: "post",
  operationId: "createAutomation",
  path: "/",
  summary: "Create an automation rule",
  description: `The new rule goes last in the run order. ${RULE_CHECKS}`,
  request: { headers: IdempotencyHeaders, body: jsonBody(AutomationBody) },
  responses: { 201: jsonAnswer(AutomationSchema, "The new rule."), ...errorResponses(400, 401, 403, 409, 422) },
});

const read = createRoute({
  ...common,
  method: "get",
  operationId: "getAutomation",
  path: "/{id}",
  summary: "Get an automation rule",
  request: { params: AutomationParams },
  responses: { 200: jsonAnswer(AutomationSchema, "The rule."), ...errorResponses(401, 403, 404) },
});

const replace = createRoute({
  ...common,
  method: "put",
  operationId: "replaceAutomation",
  path: "/{id}",
  summary: "Replace an automation rule",
  description: `The body replaces the whole rule: what it leaves out takes its default (\`enabled: true\`, no conditions). The rule keeps its place in the run order. ${RULE_CHECKS}`,
  request: { params: AutomationParams, body: jsonBody(AutomationBody) },
  responses: { 200: jsonAnswer(AutomationSchema, "The rule as replaced."), ...errorResponses(400, 401, 403, 404) },
});

const remove = createRoute({
  ...common,
  method: "delete",
  operationId: "deleteAutomation",
  path: "/{id}",
  summary: "Delete an automation rule",
  description: "The history entries its actions wrote keep its id.",
  request: { params: AutomationParams },
  responses: { 204: { description: "Deleted." }, ...errorResponses(401, 403, 404) },
});

const dryRun = createRoute({
  ...common,
  method: "post",
  operationId: "dryRunAutomation",
  path: "/{id}/dry-run",
  summary: "What a rule would do to a ticket now",
  description:
    "Evaluates the rule (even a disabled one) against the ticket as it is now, as if `event` happened, and changes nothing. " +
    "There is no change to compare with, so `changed` and `changed_to` conditions are false in a dry run. " +
    "A ticket the caller may not see is a 404, like a missing one.",
  request: { params: AutomationParams, body: jsonBody(DryRunBody) },
  responses: { 200: jsonAnswer(DryRunResultSchema, "Whether the rule matched, and its actions if so."), ...errorResponses(400, 401, 403, 404) },
});

/** `/automations` (contract §9), admins and managers only; mount under `/api/v1/automations`. */
export const automationRoutes = createRouter()
  .openapi(list, async (c) => {
    const { on, enabled, ...page } = c.req.valid("query");
    const filter = { on, enabled: enabled === undefined ? undefined : enabled === "true" };
    const result = await listOrgAutomations(automationContext(c), filter, toPageRequest(page));
    return c.json({ items: result.items.map(toAutomationView), nextCursor: result.nextCursor }, 200);
  })
  .openapi(create, async (c) => c.json(toAutomationView(await createAutomation(automationContext(c), c.req.valid("json"))), 201))
  .openapi(read, async (c) => c.json(toAutomationView(await getAutomation(automationContext(c), c.req.valid("param").id)), 200))
  .openapi(replace, async (c) => c.json(toAutomationView(await putAutomation(automationContext(c), c.req.valid("param").id, c.req.valid("json"))), 200))
  .openapi(remove, async (c) => {
    await removeAutomation(automationContext(c), c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(dryRun, async (c) => c.json(toDryRunView(await dryRunAutomation(automationContext(c), c.req.valid("param").id, c.req.valid("json"))), 200));
