import type { Database } from "../db/client";
import { findActiveMember, findTeamInOrg, type TeamRow } from "../db/teams";
import { mayWatchTeamRoom } from "../domain/teams";
import type { Caller } from "../env";
import { ApiError } from "../http/errors";
import { IDENTITY_HEADER, TEAM_HEADER, type LiveIdentity } from "../live/events";

/**
 * The team `teamId` when `caller` may watch its room (contract §7): another organization's team is
 * missing (404), a team the caller may not watch is refused (403). The one check behind both the
 * room's upgrade and the ticket that opens it, so a ticket is never issued for a room it could not open.
 */
export async function requireTeamRoomAccess(db: Database, caller: Caller, teamId: string): Promise<TeamRow> {
  const team = await findTeamInOrg(db, caller.orgId, teamId);
  if (!team) throw ApiError.notFound("team");
  const member = caller.role === "agent" && (await findActiveMember(db, caller.orgId, team.id, caller.id)) !== undefined;
  if (!mayWatchTeamRoom(caller.role, member)) throw ApiError.forbidden("Only the team's members, managers and admins may watch its room.");
  return team;
}

/**
 * Hands a verified caller's upgrade request to the team's room: first `requireTeamRoomAccess`
 * (404, 403), and only then is a request that is no upgrade told so (426). The caller was verified
 * by an access token or by a one-time ticket (src/http/auth.ts `authenticateSocket`); either way
 * the room learns who connects from a header set here, overwriting any a client sent, and neither
 * the token nor the ticket travels on: the room needs neither, and a secret should go no further.
 */
export async function openTeamRoom(rooms: Env["TEAM_ROOM"], db: Database, caller: Caller, teamId: string, request: Request, tokenExpiresAt: number) {
  const team = await requireTeamRoomAccess(db, caller, teamId);
  if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") throw new ApiError(426, "E_UPGRADE_REQUIRED", "This endpoint answers WebSocket upgrades only.");

  const identity: LiveIdentity = { userId: caller.id, orgId: caller.orgId, role: caller.role, exp: tokenExpiresAt };
  const headers = new Headers(request.headers);
  headers.delete("Authorization");
  headers.set(IDENTITY_HEADER, JSON.stringify(identity));
  headers.set(TEAM_HEADER, team.id);
  const url = new URL(request.url);
  url.searchParams.delete("access_token");
  url.searchParams.delete("ticket");
  return rooms.get(rooms.idFromName(team.id)).fetch(new Request(url, { method: "GET", headers }));
}
