import { IDENTITY_HEADER, mayReceive, TEAM_HEADER, type LiveIdentity } from "./events";
import { snapshotMessage } from "./room-d1";
import type { RoomParts } from "./room-parts";
import { identityOfRequest, send, withSeq } from "./sockets";

/** Who opens a socket, on which team's room, and the last seq they saw (`?since=`), if any. */
export type Caller = { who: LiveIdentity; teamId: string; since: number | undefined };

/** The caller of an upgrade the Worker's live route forwarded, or the response that turns anything else away. */
export function callerOf(request: Request): Caller | Response {
  const who = identityOfRequest(request.headers.get(IDENTITY_HEADER));
  const teamId = request.headers.get(TEAM_HEADER);
  if (!who || !teamId) return new Response("The room is reached through /api/v1/teams/{teamId}/live.", { status: 400 });
  if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") return new Response("Expected a WebSocket upgrade.", { status: 426 });
  return { who, teamId, since: sinceOf(new URL(request.url).searchParams.get("since")) };
}

function sinceOf(value: string | null): number | undefined {
  if (value === null || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}

/** Accepts the caller's socket and replays what it missed since `since`, or sends it a snapshot when the log cannot reach back that far. */
export async function acceptSocket({ ctx, env, store }: RoomParts, { who, teamId, since }: Caller): Promise<Response> {
  // The seq is read before the tickets: a snapshot at seq n shows at least every change up to n.
  const head = store.seq();
  const replay = since !== undefined && store.reachesBack(since, head);
  const snapshot = replay ? undefined : await snapshotMessage(env.DB, who, teamId, head, new Date());

  // From here on nothing awaits, so no event can slip between the first message and the replay.
  const pair = new WebSocketPair();
  const [client, server] = [pair[0], pair[1]];
  ctx.acceptWebSocket(server, [`user:${who.userId}`]);
  server.serializeAttachment(who satisfies LiveIdentity);
  if (snapshot) send(server, snapshot);
  for (const event of store.after(replay ? since : head)) {
    if (mayReceive(who, event)) send(server, withSeq(event.message, event.seq));
  }
  return new Response(null, { status: 101, webSocket: client });
}
