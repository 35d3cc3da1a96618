// How a team room checks it missed no publish: it counts the changes it received and, a while after
// a publish, compares the count with D1's count of committed changes (contract §7).
import { stepVerdict } from "../domain/live-sync";
import { resync } from "./room-fan-out";
import type { RoomParts } from "./room-parts";
import type { RoomStore } from "./room-store";

/** How soon after a publish the room looks at D1 to check it missed none. */
const CHECK_DELAY_MS = 10_000;
/** How long a change D1 committed may take to arrive before it counts as lost. */
const ARRIVAL_GRACE_MS = 2_000;

/** After a publish: a look at D1 within CHECK_DELAY_MS, unless one is already planned. */
export function planCheck(store: RoomStore, now: number): void {
  if (store.get("checkAt") === undefined) store.put("checkAt", now + CHECK_DELAY_MS);
}

export function countChanges(store: RoomStore, changes: number): void {
  // A cold room (nothing counted yet) starts counting from D1's count at its first look.
  const received = store.get("received");
  if (received !== undefined) store.put("received", received + changes);
}

/** Compares the changes received with D1's `committed` count: in step, a resync, or another look after ARRIVAL_GRACE_MS. */
export async function checkStep(room: RoomParts, teamId: string, committed: number, now: number): Promise<void> {
  const { store } = room;
  const received = store.get("received");
  const verdict = received === undefined ? ({ kind: "in_step" } as const) : stepVerdict(received, committed, store.get("expected"));
  if (verdict.kind === "resync") await resync(room, teamId, now);
  if (verdict.kind !== "wait") store.put("received", Math.max(received ?? 0, committed));
  store.put("expected", verdict.kind === "wait" ? verdict.expect : undefined);
  store.put("checkAt", verdict.kind === "wait" ? now + ARRIVAL_GRACE_MS : undefined);
}
