import { createRoute, z } from "@hono/zod-openapi";
import { authenticate, authenticateSocket } from "../http/auth";
import { bearerSecurity, errorResponses, IdParam, jsonAnswer } from "../http/openapi";
import { createRouter } from "../http/router";
import { LIVE_TICKET_MAX_LENGTH, LIVE_TICKET_TTL_SECONDS } from "../domain/live-ticket";
import { issueLiveTicket } from "../services/live-ticket";
import { openTeamRoom } from "../services/team-room-access";

const live = createRoute({
  tags: ["Teams"],
  security: bearerSecurity,
  method: "get",
  path: "/{teamId}/live",
  operationId: "openTeamLiveRoom",
  middleware: [authenticateSocket],
  summary: "The team's live room (WebSocket)",
  description:
    "Upgrades to a WebSocket. The token goes in `Authorization` or, where a browser cannot set headers, a one-time `ticket` from " +
    "`POST /teams/{teamId}/live/ticket` goes in the query (single use, 30 s, this team only; a used, expired or foreign ticket is 401 " +
    "before any upgrade). The `access_token` query parameter is deprecated: URLs land in logs; use `?ticket=`; kept for one release. " +
    "Members of the team, managers and admins only; requesters and agents of other teams get 403. The first message is " +
    '`{"type":"snapshot","seq":n,"tickets":[...],"partial":false}` with the team\'s active tickets (at most 500, the most urgent ' +
    "first: worst risk band, then earliest due; `partial` is true when there are more, which `GET /tickets?teamId=` lists), " +
    "then one message per event with `seq` rising by one: ticket.created, ticket.updated (also one for each ticket a policy or " +
    "calendar edit re-timed), ticket.status_changed, ticket.assigned, comment.added, attachment.added, " +
    "ticket.deleted, and the SLA events sla.warning, sla.high_risk, sla.due_soon, sla.breached (with `metric`, `band` and `at`, " +
    "the crossing instant), raised on time by the room's alarm. A snapshot may also come mid-stream when the room resyncs " +
    "from D1: replace the board with it. Reconnect with `?since=<seq>` to receive exactly the events missed (or a fresh snapshot when they are too old). " +
    "A socket whose access token expires (for a ticket: the token it was issued under) is closed with code 4401; reconnect with a " +
    "fresh token (or ticket) and `since`.",
  request: {
    params: z.object({ teamId: IdParam }),
    query: z.object({
      since: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().openapi({ format: "int64" }),
      ticket: z.string().max(LIVE_TICKET_MAX_LENGTH).optional().openapi({ description: "A one-time ticket from `POST /teams/{teamId}/live/ticket`." }),
      access_token: z
        .string()
        .max(2048)
        .optional()
        .openapi({ param: { deprecated: true }, description: "Deprecated: URLs land in logs; use `?ticket=`; kept for one release." }),
    }),
  },
  responses: { 101: { description: "Switching protocols: the socket is open." }, ...errorResponses(400, 401, 403, 404, 426) },
});

const LiveTicketSchema = z
  .object({
    ticket: z.string().max(64).openapi({ description: "Opaque, single use, for this team and caller only." }),
    expiresIn: z.number().int().openapi({ description: "Seconds the ticket stays usable.", example: LIVE_TICKET_TTL_SECONDS }),
  })
  .openapi("LiveTicket");

const ticket = createRoute({
  tags: ["Teams"],
  security: bearerSecurity,
  method: "post",
  path: "/{teamId}/live/ticket",
  operationId: "createTeamLiveTicket",
  middleware: [authenticate],
  summary: "A one-time ticket to open the team's live room",
  description:
    "For a browser, which cannot set headers on a WebSocket: open `GET /teams/{teamId}/live?ticket=` with it within 30 s. Single use, " +
    "bound to the caller and this team. Who may ask is who may watch the room: another organization's team is 404, a team the caller " +
    "may not watch 403.",
  request: { params: z.object({ teamId: IdParam }) },
  responses: { 201: jsonAnswer(LiveTicketSchema, "The ticket."), ...errorResponses(401, 403, 404) },
});

/**
 * `GET /teams/{teamId}/live` and `POST /teams/{teamId}/live/ticket`; mount under `/api/v1/teams`.
 * The socket authenticates (header, ticket or `access_token`), then the upgrade request itself is
 * forwarded to the team's room.
 */
export const liveRoutes = createRouter()
  .openapi(live, async (c) => {
    return openTeamRoom(c.env.TEAM_ROOM, c.get("db"), c.get("caller"), c.req.valid("param").teamId, c.req.raw, c.get("tokenExpiresAt")!);
  })
  .openapi(ticket, async (c) => {
    const grant = await issueLiveTicket(c.get("db"), c.get("caller"), c.req.valid("param").teamId, c.get("tokenExpiresAt")!, c.get("now"));
    return c.json(grant, 201);
  });
