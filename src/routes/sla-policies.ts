import { createRoute } from "@hono/zod-openapi";
import { roomWakerOf } from "../http/action-context";
import { authenticate, requireRole } from "../http/auth";
import { bearerSecurity, errorResponses, jsonAnswer, jsonBody, pageOf } from "../http/openapi";
import { toPageRequest } from "../http/pagination";
import { createRouter } from "../http/router";
import { createOrgPolicy, deleteOrgPolicy, getOrgPolicy, getSlaConfig, listOrgPolicies, putSlaConfig, replaceOrgPolicy } from "../services/sla-policy-service";
import { ConfigBody, ConfigParams, ConfigSchema, PolicyBody, PolicyListQuery, PolicyParams, PolicySchema, toPolicyView } from "./schemas/sla-policy";

const common = { tags: ["SLA"], security: bearerSecurity };
const staff = [authenticate, requireRole("agent")];
const managers = [authenticate, requireRole("manager")];

const MATCHING =
  "A ticket is governed by the most specific policy of its priority: priority+category+customer, then " +
  "priority+category, then priority+customer, then the priority's default (no category, no customer); " +
  "equally specific policies go to the oldest. Every priority always keeps a default.";

const list = createRoute({
  ...common,
  method: "get",
  operationId: "listSlaPolicies",
  path: "/policies",
  summary: "List the organization's SLA policies",
  description: `Agents, managers and admins. ${MATCHING}`,
  middleware: staff,
  request: { query: PolicyListQuery },
  responses: { 200: jsonAnswer(pageOf(PolicySchema), "One page of policies."), ...errorResponses(400, 401, 403) },
});

const create = createRoute({
  ...common,
  method: "post",
  operationId: "createSlaPolicy",
  path: "/policies",
  summary: "Create an SLA policy",
  description: "Managers and admins. `calendarId` must be a calendar of the organization (else 400 naming it).",
  middleware: managers,
  request: { body: jsonBody(PolicyBody) },
  responses: { 201: jsonAnswer(PolicySchema, "The new policy."), ...errorResponses(400, 401, 403) },
});

const read = createRoute({
  ...common,
  method: "get",
  operationId: "getSlaPolicy",
  path: "/policies/{id}",
  summary: "Get an SLA policy",
  middleware: staff,
  request: { params: PolicyParams },
  responses: { 200: jsonAnswer(PolicySchema, "The policy."), ...errorResponses(401, 403, 404) },
});

const replace = createRoute({
  ...common,
  method: "put",
  operationId: "replaceSlaPolicy",
  path: "/policies/{id}",
  summary: "Replace an SLA policy",
  description:
    "Managers and admins. The running tickets it governs are re-timed (their teams' live rooms get a `ticket.updated` for each). " +
    "Turning a priority's last default policy into anything else answers 409 `E_DEFAULT_POLICY`.",
  middleware: managers,
  request: { params: PolicyParams, body: jsonBody(PolicyBody) },
  responses: { 200: jsonAnswer(PolicySchema, "The policy as replaced."), ...errorResponses(400, 401, 403, 404, 409) },
});

const remove = createRoute({
  ...common,
  method: "delete",
  operationId: "deleteSlaPolicy",
  path: "/policies/{id}",
  summary: "Delete an SLA policy",
  description: "Managers and admins. A priority's last default policy is kept: 409 `E_DEFAULT_POLICY`.",
  middleware: managers,
  request: { params: PolicyParams },
  responses: { 204: { description: "Deleted." }, ...errorResponses(401, 403, 404, 409) },
});

const config = createRoute({
  ...common,
  method: "get",
  operationId: "getSlaConfig",
  path: "/config",
  summary: "The default policy of each priority",
  description: "A shorthand over the policies: for each priority, P1 first, the default policy in force (the oldest, should there be several).",
  middleware: staff,
  responses: { 200: jsonAnswer(ConfigSchema, "The four default policies."), ...errorResponses(401, 403) },
});

const putConfig = createRoute({
  ...common,
  method: "put",
  operationId: "setSlaConfig",
  path: "/config/{priority}",
  summary: "Set the targets of a priority's default policy",
  description:
    "Managers and admins. Replaces the targets of the default policy in force (its running tickets are re-timed, and their teams' " +
    "live rooms get a `ticket.updated` for each), or creates one.",
  middleware: managers,
  request: { params: ConfigParams, body: jsonBody(ConfigBody) },
  responses: {
    200: jsonAnswer(PolicySchema, "The default policy, updated."),
    201: jsonAnswer(PolicySchema, "The default policy, created: the priority had none."),
    ...errorResponses(400, 401, 403, 409),
  },
});

export const slaPolicyRoutes = createRouter()
  .openapi(list, async (c) => {
    const query = c.req.valid("query");
    const page = await listOrgPolicies(c.get("db"), c.get("caller").orgId, toPageRequest(query), query.priority);
    return c.json({ items: page.items.map(toPolicyView), nextCursor: page.nextCursor }, 200);
  })
  .openapi(create, async (c) => {
    const policy = await createOrgPolicy(c.get("db"), c.get("caller").orgId, c.req.valid("json"), c.get("now"));
    return c.json(toPolicyView(policy), 201);
  })
  .openapi(read, async (c) => {
    const policy = await getOrgPolicy(c.get("db"), c.get("caller").orgId, c.req.valid("param").id);
    return c.json(toPolicyView(policy), 200);
  })
  .openapi(replace, async (c) => {
    const policy = await replaceOrgPolicy(c.get("db"), c.get("caller").orgId, c.req.valid("param").id, c.req.valid("json"), c.get("now"), roomWakerOf(c));
    return c.json(toPolicyView(policy), 200);
  })
  .openapi(remove, async (c) => {
    await deleteOrgPolicy(c.get("db"), c.get("caller").orgId, c.req.valid("param").id, c.get("now"), roomWakerOf(c));
    return c.body(null, 204);
  })
  .openapi(config, async (c) => {
    const policies = await getSlaConfig(c.get("db"), c.get("caller").orgId);
    return c.json({ items: policies.map(toPolicyView), nextCursor: null }, 200);
  })
  .openapi(putConfig, async (c) => {
    const { policy, created } = await putSlaConfig(c.get("db"), c.get("caller").orgId, c.req.valid("param").priority, c.req.valid("json"), c.get("now"), roomWakerOf(c));
    return c.json(toPolicyView(policy), created ? 201 : 200);
  });
