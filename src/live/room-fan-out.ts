import { mayReceive, type RoomEvent } from "./events";
import { snapshotMessage } from "./room-d1";
import type { RoomParts } from "./room-parts";
import { closeExpired, identityOfSocket, send, tokenExpired } from "./sockets";

/** Numbers and logs an event and sends it to every socket allowed to see it; answers its seq. */
export function deliver({ ctx, store }: RoomParts, event: RoomEvent): number {
  const seq = store.append(event);
  const text = JSON.stringify({ ...event.message, seq });
  const now = Date.now();
  for (const ws of ctx.getWebSockets()) {
    const who = identityOfSocket(ws);
    if (!who) continue;
    if (tokenExpired(who, now)) closeExpired(ws);
    else if (mayReceive(who, event)) send(ws, text);
  }
  return seq;
}

/** Closes the sockets whose access token has expired by `now`. */
export function closeExpiredSockets(ctx: DurableObjectState, now: number): void {
  for (const ws of ctx.getWebSockets()) {
    const who = identityOfSocket(ws);
    if (who && tokenExpired(who, now)) closeExpired(ws);
  }
}

/** A publish was lost: every socket gets a fresh snapshot under a new seq, and replays cannot reach past it. */
export async function resync({ ctx, env, store }: RoomParts, teamId: string, now: number): Promise<void> {
  console.warn(JSON.stringify({ event: "live_resync", teamId }));
  const seq = store.markResync();
  const snapshots = new Map<string, string>();
  for (const ws of ctx.getWebSockets()) {
    const who = identityOfSocket(ws);
    if (!who) continue;
    // Staff share one snapshot; a requester's shows only their own tickets.
    const scope = who.role === "requester" ? who.userId : "staff";
    let text = snapshots.get(scope);
    if (text === undefined) {
      text = await snapshotMessage(env.DB, who, teamId, seq, new Date(now));
      snapshots.set(scope, text);
    }
    send(ws, text);
  }
}
