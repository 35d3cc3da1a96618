import { createRoute, z } from "@hono/zod-openapi";
import { passwordPepper } from "../config";
import { authenticate, requireRole } from "../http/auth";
import { bearerSecurity, errorResponses, IdParam, jsonAnswer, jsonBody, pageOf } from "../http/openapi";
import { toPageRequest } from "../http/pagination";
import { createRouter } from "../http/router";
import { changeOrgUser, createOrgUser, getOrgUser, listOrgUsers } from "../services/user-service";
import { toUserView, UserSchema } from "./schemas/user";
import { ChangeRoleBody, CreateUserBody, UpdateUserBody, UserListQuery } from "./schemas/user-admin";

const IdParams = z.object({ id: IdParam });
const common = { tags: ["Users"], security: bearerSecurity };
const adminOnly = [authenticate, requireRole("admin")];
const managers = [authenticate, requireRole("manager")];

const list = createRoute({
  ...common,
  method: "get",
  operationId: "listUsers",
  path: "/",
  summary: "List the organization's users",
  middleware: managers,
  request: { query: UserListQuery },
  responses: { 200: jsonAnswer(pageOf(UserSchema), "One page of users."), ...errorResponses(400, 401, 403) },
});

const create = createRoute({
  ...common,
  method: "post",
  operationId: "createUser",
  path: "/",
  summary: "Create a user",
  middleware: adminOnly,
  request: { body: jsonBody(CreateUserBody) },
  responses: { 201: jsonAnswer(UserSchema, "The new user."), ...errorResponses(400, 401, 403, 409) },
});

const read = createRoute({
  ...common,
  method: "get",
  operationId: "getUser",
  path: "/{id}",
  summary: "Get a user",
  middleware: managers,
  request: { params: IdParams },
  responses: { 200: jsonAnswer(UserSchema, "The user."), ...errorResponses(401, 403, 404) },
});

const update = createRoute({
  ...common,
  method: "patch",
  operationId: "updateUser",
  path: "/{id}",
  summary: "Update, deactivate or reactivate a user",
  description: "Deactivating the organization's last active admin answers 409 `E_LAST_ADMIN`.",
  middleware: adminOnly,
  request: { params: IdParams, body: jsonBody(UpdateUserBody) },
  responses: { 200: jsonAnswer(UserSchema, "The updated user."), ...errorResponses(400, 401, 403, 404, 409) },
});

const changeRole = createRoute({
  ...common,
  method: "patch",
  operationId: "changeUserRole",
  path: "/{id}/role",
  summary: "Change a user's role",
  description: "Demoting the organization's last active admin answers 409 `E_LAST_ADMIN`.",
  middleware: adminOnly,
  request: { params: IdParams, body: jsonBody(ChangeRoleBody) },
  responses: { 200: jsonAnswer(UserSchema, "The updated user."), ...errorResponses(400, 401, 403, 404, 409) },
});

const deactivate = createRoute({
  ...common,
  method: "delete",
  operationId: "deactivateUser",
  path: "/{id}",
  summary: "Deactivate a user",
  description:
    "Keeps the account (tickets still name it) but ends its sessions at once and refuses sign-in; " +
    "`PATCH {active: true}` reactivates it. The last active admin cannot be deactivated (409 `E_LAST_ADMIN`).",
  middleware: adminOnly,
  request: { params: IdParams },
  responses: { 204: { description: "Deactivated." }, ...errorResponses(401, 403, 404, 409) },
});

export const userRoutes = createRouter()
  .openapi(list, async (c) => {
    const { role, active, ...query } = c.req.valid("query");
    const filter = { role, active: active === undefined ? undefined : active === "true" };
    const page = await listOrgUsers(c.get("db"), c.get("caller").orgId, filter, toPageRequest(query));
    return c.json({ items: page.items.map(toUserView), nextCursor: page.nextCursor }, 200);
  })
  .openapi(create, async (c) => {
    const user = await createOrgUser(c.get("db"), c.get("caller").orgId, c.req.valid("json"), passwordPepper(c.env), c.get("now"));
    return c.json(toUserView(user), 201);
  })
  .openapi(read, async (c) => {
    const user = await getOrgUser(c.get("db"), c.get("caller").orgId, c.req.valid("param").id);
    return c.json(toUserView(user), 200);
  })
  .openapi(update, async (c) => {
    const user = await changeOrgUser(c.get("db"), c.get("caller").orgId, c.req.valid("param").id, c.req.valid("json"), c.get("now"));
    return c.json(toUserView(user), 200);
  })
  .openapi(changeRole, async (c) => {
    const user = await changeOrgUser(c.get("db"), c.get("caller").orgId, c.req.valid("param").id, c.req.valid("json"), c.get("now"));
    return c.json(toUserView(user), 200);
  })
  .openapi(deactivate, async (c) => {
    await changeOrgUser(c.get("db"), c.get("caller").orgId, c.req.valid("param").id, { active: false }, c.get("now"));
    return c.body(null, 204);
  });
