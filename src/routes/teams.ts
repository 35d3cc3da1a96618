import { createRoute } from "@hono/zod-openapi";
import { authenticate, requireRole } from "../http/auth";
import { bearerSecurity, errorResponses, jsonAnswer, jsonBody, pageOf } from "../http/openapi";
import { toPageRequest } from "../http/pagination";
import { createRouter } from "../http/router";
import { createOrgTeam, deleteOrgTeam, getOrgTeam, listOrgTeams, putTeamMember, removeTeamMember, updateOrgTeam } from "../services/team-service";
import { CreateTeamBody, MemberParams, PutMemberBody, TeamListQuery, TeamParams, TeamSchema, toTeamView, UpdateTeamBody } from "./schemas/team";

const common = { tags: ["Teams"], security: bearerSecurity };
const signedIn = [authenticate];
const managers = [authenticate, requireRole("manager")];

const list = createRoute({
  ...common,
  method: "get",
  operationId: "listTeams",
  path: "/",
  summary: "List the organization's teams",
  description: "Any signed-in role; requesters get teams without `members`.",
  middleware: signedIn,
  request: { query: TeamListQuery },
  responses: { 200: jsonAnswer(pageOf(TeamSchema), "One page of teams."), ...errorResponses(400, 401) },
});

const create = createRoute({
  ...common,
  method: "post",
  operationId: "createTeam",
  path: "/",
  summary: "Create a team",
  middleware: managers,
  request: { body: jsonBody(CreateTeamBody) },
  responses: { 201: jsonAnswer(TeamSchema, "The new team."), ...errorResponses(400, 401, 403, 409) },
});

const read = createRoute({
  ...common,
  method: "get",
  operationId: "getTeam",
  path: "/{id}",
  summary: "Get a team",
  middleware: signedIn,
  request: { params: TeamParams },
  responses: { 200: jsonAnswer(TeamSchema, "The team."), ...errorResponses(401, 404) },
});

const update = createRoute({
  ...common,
  method: "patch",
  operationId: "updateTeam",
  path: "/{id}",
  summary: "Update a team",
  middleware: managers,
  request: { params: TeamParams, body: jsonBody(UpdateTeamBody) },
  responses: { 200: jsonAnswer(TeamSchema, "The updated team."), ...errorResponses(400, 401, 403, 404, 409) },
});

const remove = createRoute({
  ...common,
  method: "delete",
  operationId: "deleteTeam",
  path: "/{id}",
  summary: "Delete a team and its memberships",
  middleware: managers,
  request: { params: TeamParams },
  // 409 E_TEAM_HAS_TICKETS: a team that still has tickets is kept.
  responses: { 204: { description: "Deleted." }, ...errorResponses(401, 403, 404, 409) },
});

const putMember = createRoute({
  ...common,
  method: "put",
  operationId: "putTeamMember",
  path: "/{id}/members/{userId}",
  summary: "Add a member or update their skills and availability",
  description: "The user must be an active agent, manager or admin of the organization (a requester: 422 `E_INVALID_MEMBER`).",
  middleware: managers,
  request: { params: MemberParams, body: jsonBody(PutMemberBody) },
  responses: { 200: jsonAnswer(TeamSchema, "The team with its members."), ...errorResponses(400, 401, 403, 404, 422) },
});

const removeMember = createRoute({
  ...common,
  method: "delete",
  operationId: "removeTeamMember",
  path: "/{id}/members/{userId}",
  summary: "Remove a member",
  middleware: managers,
  request: { params: MemberParams },
  responses: { 204: { description: "Removed." }, ...errorResponses(401, 403, 404) },
});

export const teamRoutes = createRouter()
  .openapi(list, async (c) => {
    const page = await listOrgTeams(c.get("db"), c.get("caller"), toPageRequest(c.req.valid("query")));
    return c.json({ items: page.items.map(toTeamView), nextCursor: page.nextCursor }, 200);
  })
  .openapi(create, async (c) => {
    const team = await createOrgTeam(c.get("db"), c.get("caller"), c.req.valid("json"), c.get("now"));
    return c.json(toTeamView(team), 201);
  })
  .openapi(read, async (c) => {
    const team = await getOrgTeam(c.get("db"), c.get("caller"), c.req.valid("param").id);
    return c.json(toTeamView(team), 200);
  })
  .openapi(update, async (c) => {
    const team = await updateOrgTeam(c.get("db"), c.get("caller"), c.req.valid("param").id, c.req.valid("json"), c.get("now"));
    return c.json(toTeamView(team), 200);
  })
  .openapi(remove, async (c) => {
    await deleteOrgTeam(c.get("db"), c.get("caller").orgId, c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(putMember, async (c) => {
    const { id, userId } = c.req.valid("param");
    const team = await putTeamMember(c.get("db"), c.get("caller"), id, userId, c.req.valid("json"), c.get("now"));
    return c.json(toTeamView(team), 200);
  })
  .openapi(removeMember, async (c) => {
    const { id, userId } = c.req.valid("param");
    await removeTeamMember(c.get("db"), c.get("caller").orgId, id, userId);
    return c.body(null, 204);
  });
