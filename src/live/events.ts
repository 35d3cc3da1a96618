import type { Role } from "../domain/roles";

/**
 * One change of a team's tickets as the room receives it (contract §7): `message` is what the
 * sockets get, with the room's `seq` added; the other fields decide who may get it and never leave
 * the room.
 */
export type RoomEvent = {
  message: { type: string; ticketId: string } & Record<string, unknown>;
  /** An internal comment (or anything else staff-only): never sent to a requester's socket. */
  internal: boolean;
  /** The ticket's requester: the only requester who may receive the event at all. */
  requesterId: string | null;
  /**
   * The ticket's next SLA crossing or escalation step (ms) when the change set one: the room's alarm
   * must go off by then. Only ever brings the alarm forward; the room reads the rest from D1.
   */
  nextCrossingAt?: number;
};

/** Who a socket belongs to, as the Worker verified it before forwarding the upgrade. */
export type LiveIdentity = { userId: string; orgId: string; role: Role; /** the access token's expiry, seconds since the epoch */ exp: number };

/** The header that carries the verified identity from the Worker's route to the room. */
export const IDENTITY_HEADER = "X-Slaguard-Live-Identity";
/** The header that names the room's team (the room needs it for snapshots). */
export const TEAM_HEADER = "X-Slaguard-Live-Team";

/** Whether a socket of `who` may receive `event`. Requesters see public events of their own tickets only. */
export function mayReceive(who: Pick<LiveIdentity, "userId" | "role">, event: Pick<RoomEvent, "internal" | "requesterId">): boolean {
  if (who.role !== "requester") return true;
  return !event.internal && event.requesterId === who.userId;
}
