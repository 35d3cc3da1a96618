import type { Database } from "../db/client";
import { findActiveMember, findTeamInOrg } from "../db/teams";
import { mayWatchTeamRoom } from "../domain/teams";
import type { Caller } from "../env";
import { ApiError } from "../http/errors";
import { IDENTITY_HEADER, TEAM_HEADER, type LiveIdentity } from "../live/events";

/**
 * Hands a verified caller's upgrade request to the team's room: another organization's team is
 * missing (404), a team the caller may not watch is refused (403), and only then is a request
 * that is no upgrade told so (426). The room learns who connects
 * from a header set here, overwriting any a client sent; the token itself does not travel on.
 */
export async function openTeamRoom(rooms: Env["TEAM_ROOM"], db: Database, caller: Caller, teamId: string, request: Request, tokenExpiresAt: number) {
  const team = await findTeamInOrg(db, caller.orgId, teamId);
  if (!team) throw ApiError.notFound("team");
  const member = caller.role === "agent" && (await findActiveMember(db, caller.orgId, team.id, caller.id)) !== undefined;
  if (!mayWatchTeamRoom(caller.role, member)) throw ApiError.forbidden("Only the team's members, managers and admins may watch its room.");
  if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") throw new ApiError(426, "E_UPGRADE_REQUIRED", "This endpoint answers WebSocket upgrades only.");

  const identity: LiveIdentity = { userId: caller.id, orgId: caller.orgId, role: caller.role, exp: tokenExpiresAt };
  const headers = new Headers(request.headers);
  headers.delete("Authorization");
  headers.set(IDENTITY_HEADER, JSON.stringify(identity));
  headers.set(TEAM_HEADER, team.id);
  const url = new URL(request.url);
  url.searchParams.delete("access_token");
  return rooms.get(rooms.idFromName(team.id)).fetch(new Request(url, { method: "GET", headers }));
}
