import { createRoute, z } from "@hono/zod-openapi";
import { authenticateSocket } from "../http/auth";
import { bearerSecurity, errorResponses, IdParam } from "../http/openapi";
import { createRouter } from "../http/router";
import { openTeamRoom } from "../services/team-room-access";

const live = createRoute({
  tags: ["Teams"],
  security: bearerSecurity,
  method: "get",
  path: "/{teamId}/live",
  middleware: [authenticateSocket],
  summary: "The team's live room (WebSocket)",
  description:
    "Upgrades to a WebSocket. The token goes in `Authorization` or, where a browser cannot set headers, the `access_token` query " +
    "parameter. Members of the team, managers and admins only; requesters and agents of other teams get 403. The first message is " +
    '`{"type":"snapshot","seq":n,"tickets":[...],"partial":false}` with the team\'s active tickets (at most 500, the most urgent ' +
    "first: worst risk band, then earliest due; `partial` is true when there are more, which `GET /tickets?teamId=` lists), " +
    "then one message per event with `seq` rising by one: ticket.created, ticket.updated (also one for each ticket a policy or " +
    "calendar edit re-timed), ticket.status_changed, ticket.assigned, comment.added, attachment.added, " +
    "ticket.deleted, and the SLA events sla.warning, sla.high_risk, sla.due_soon, sla.breached (with `metric`, `band` and `at`, " +
    "the crossing instant), raised on time by the room's alarm. A snapshot may also come mid-stream when the room resyncs " +
    "from D1: replace the board with it. Reconnect with `?since=<seq>` to receive exactly the events missed (or a fresh snapshot when they are too old). " +
    "A socket whose access token expires is closed with code 4401; reconnect with a fresh token and `since`.",
  request: {
    params: z.object({ teamId: IdParam }),
    query: z.object({ since: z.coerce.number().int().min(0).optional(), access_token: z.string().optional() }),
  },
  responses: { 101: { description: "Switching protocols: the socket is open." }, ...errorResponses(400, 401, 403, 404, 426) },
});

/**
 * `GET /teams/{teamId}/live`; mount under `/api/v1/teams`. Authenticates (header or
 * `access_token`), then forwards the upgrade request itself to the team's room.
 */
export const liveRoutes = createRouter().openapi(live, async (c) => {
  return openTeamRoom(c.env.TEAM_ROOM, c.get("db"), c.get("caller"), c.req.valid("param").teamId, c.req.raw, c.get("tokenExpiresAt")!);
});
