import { nextWake } from "../domain/live-sync";
import type { RoomEvent } from "./events";
import type { RoomParts } from "./room-parts";
import type { RoomStore } from "./room-store";
import { identityOfSocket } from "./sockets";

/** The earliest of the instants known (ms), if any. */
export function earliest(...instants: (number | undefined)[]): number | undefined {
  const known = instants.filter((at): at is number => at !== undefined);
  return known.length > 0 ? Math.min(...known) : undefined;
}

/** Hints only bring the alarm forward; the room reads the rest from D1. Unchanged, nothing is written. */
export function hintDue(store: RoomStore, events: readonly RoomEvent[]): void {
  const due = store.get("dueNext");
  const next = earliest(due, ...events.map((event) => event.nextCrossingAt));
  if (next !== due) store.put("dueNext", next);
}

/**
 * Sets the room's one alarm to the earliest of its open sockets' token expiries, its next SLA
 * crossing or step, and its next look at D1. Only the alarm handler itself re-arms an alarm whose
 * time has passed (`rearmOverdue`): elsewhere an overdue alarm is still pending and about to run,
 * and moving it to "now" on every publish of a burst would keep pushing it back.
 */
export async function scheduleAlarm({ ctx, store }: RoomParts, { rearmOverdue = false } = {}): Promise<void> {
  const now = Date.now();
  const expiries = ctx.getWebSockets().flatMap((ws) => {
    const who = ws.readyState === WebSocket.OPEN ? identityOfSocket(ws) : null;
    return who ? [who.exp * 1000] : [];
  });
  const at = nextWake([...expiries, store.get("dueNext"), store.get("checkAt")], now);
  if (at === undefined) return;
  const current = await ctx.storage.getAlarm();
  if (current === null || current > at || (rearmOverdue && current < now)) await ctx.storage.setAlarm(at);
}
