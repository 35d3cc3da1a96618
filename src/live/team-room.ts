import { DurableObject } from "cloudflare:workers";
import type { Bindings } from "../env";
import type { SteppedTicket } from "../jobs/ladder-pass";
import type { RaisedEvent } from "../jobs/risk-pass";
import type { RoomEvent } from "./events";
import { hintDue, scheduleAlarm } from "./room-alarm";
import { acceptSocket, callerOf } from "./room-connect";
import { closeExpiredSockets, deliver } from "./room-fan-out";
import { followD1, publishRaised } from "./room-follow-d1";
import type { RoomParts } from "./room-parts";
import { countChanges, planCheck } from "./room-step-check";
import { RoomStore } from "./room-store";
import { closeExpired, closeQuietly, identityOfSocket, send, tokenExpired } from "./sockets";

/**
 * The live room of one team (contract §7), addressed by `idFromName(teamId)`. It numbers the
 * team's events (`seq`), keeps a replay log for reconnects and fans events out to the team's
 * sockets, which use the hibernation API: an idle room leaves memory while its sockets stay open.
 *
 * It is also the team's on-time SLA timer (contract §4): its one alarm goes off at the earliest of
 * the team's next SLA crossing, its sockets' token expiries and its next look at D1. Every wake
 * reads the team from D1 (the source of truth), runs the risk pass scoped to the team when a crossing
 * is due (exactly once with the cron's, whichever comes first), publishes what it raised, and counts
 * D1's committed changes against the publishes it received: a lost publish means a resync.
 *
 * The room trusts the identity header: it is reachable only through the Worker's
 * `GET /api/v1/teams/{teamId}/live`, which authenticates the caller and sets the header itself.
 *
 * Its parts: connecting sockets (room-connect.ts), sending to them (room-fan-out.ts), following D1
 * (room-follow-d1.ts), checking no publish was lost (room-step-check.ts) and the alarm (room-alarm.ts).
 */
export class TeamRoom extends DurableObject<Bindings> {
  private readonly room: RoomParts;

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    this.room = { ctx, env, store: new RoomStore(ctx.storage) };
  }

  /** Committed changes of the team's tickets (from the write that made them), in order; answers the last one's seq. */
  async publish(teamId: string, events: readonly RoomEvent[]): Promise<number> {
    this.learnTeam(teamId);
    const seq = this.receive(events);
    hintDue(this.room.store, events);
    planCheck(this.room.store, Date.now());
    await scheduleAlarm(this.room);
    return seq;
  }

  /**
   * The last (or only) events of a policy or calendar edit that re-timed the team's tickets: received
   * like publishes, then the room follows D1 at once, as the edit moved its crossings either way.
   */
  async publishRetimed(teamId: string, events: readonly RoomEvent[]): Promise<void> {
    this.learnTeam(teamId);
    this.receive(events);
    await followD1(this.room, Date.now());
    await scheduleAlarm(this.room);
  }

  /** From the cron: the events its passes raised and the tickets they escalated for this team, if any; then the room follows D1. */
  async catchUp(teamId: string, raised: RaisedEvent[], escalated: SteppedTicket[] = []): Promise<void> {
    this.learnTeam(teamId);
    await publishRaised(this.room, raised, escalated, Date.now());
    await followD1(this.room, Date.now());
    await scheduleAlarm(this.room);
  }

  override async alarm(): Promise<void> {
    const now = Date.now();
    closeExpiredSockets(this.ctx, now);
    await followD1(this.room, now);
    await scheduleAlarm(this.room, { rearmOverdue: true });
  }

  /** The room's team, kept for its alarm: every caller names it. */
  private learnTeam(teamId: string) {
    if (this.room.store.get("teamId") !== teamId) this.room.store.put("teamId", teamId);
  }

  /** Delivers published events and counts them; answers the last one's seq. */
  private receive(events: readonly RoomEvent[]): number {
    let seq = this.room.store.seq();
    for (const event of events) seq = deliver(this.room, event);
    countChanges(this.room.store, events.length);
    return seq;
  }

  override async fetch(request: Request): Promise<Response> {
    const caller = callerOf(request);
    if (caller instanceof Response) return caller;
    this.learnTeam(caller.teamId);
    const response = await acceptSocket(this.room, caller);
    await scheduleAlarm(this.room);
    return response;
  }

  /** Clients only listen; anything they send is ignored (a `ping` is answered, for keep-alives). */
  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const who = identityOfSocket(ws);
    if (who && tokenExpired(who, Date.now())) return closeExpired(ws);
    if (message === "ping") send(ws, JSON.stringify({ type: "pong" }));
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    closeQuietly(ws, code === 1005 || code === 1006 ? 1000 : code, reason);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    closeQuietly(ws, 1011, "error");
  }
}
