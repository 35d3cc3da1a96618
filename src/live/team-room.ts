import { DurableObject } from "cloudflare:workers";
import { nextWake, stepVerdict } from "../domain/live-sync";
import type { Bindings } from "../env";
import { runLadderPass, type SteppedTicket } from "../jobs/ladder-pass";
import { runPassAutomations, type AutomatedChange } from "../jobs/pass-automations";
import { publishTo } from "./publish";
import { runRiskPass, type RaisedEvent } from "../jobs/risk-pass";
import { enqueueDeliveries } from "../notify/delivery-queue";
import { IDENTITY_HEADER, mayReceive, TEAM_HEADER, type LiveIdentity, type RoomEvent } from "./events";
import { passRoomEvents, readTeam, snapshotMessage } from "./room-d1";
import { RoomStore } from "./room-store";
import { closeExpired, closeQuietly, identityOfRequest, identityOfSocket, send, tokenExpired, withSeq } from "./sockets";

/** How soon after a publish the room looks at D1 to check it missed none. */
export const CHECK_DELAY_MS = 10_000;
/** How long a change D1 committed may take to arrive before it counts as lost. */
export const ARRIVAL_GRACE_MS = 2_000;

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
 */
export class TeamRoom extends DurableObject<Bindings> {
  private readonly store: RoomStore;

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    this.store = new RoomStore(ctx.storage);
  }

  /** Committed changes of the team's tickets (from the write that made them), in order; answers the last one's seq. */
  async publish(teamId: string, events: readonly RoomEvent[]): Promise<number> {
    this.learnTeam(teamId);
    const seq = this.receive(events);
    // Hints only bring the alarm forward; the room reads the rest from D1.
    this.store.put("dueNext", earliest(this.store.get("dueNext"), ...events.map((event) => event.nextCrossingAt)));
    if (this.store.get("checkAt") === undefined) this.store.put("checkAt", Date.now() + CHECK_DELAY_MS);
    await this.scheduleAlarm();
    return seq;
  }

  /**
   * The last (or only) events of a policy or calendar edit that re-timed the team's tickets: received
   * like publishes, then the room follows D1 at once, as the edit moved its crossings either way.
   */
  async publishRetimed(teamId: string, events: readonly RoomEvent[]): Promise<void> {
    this.learnTeam(teamId);
    this.receive(events);
    await this.followD1(Date.now());
    await this.scheduleAlarm();
  }

  /** From the cron: the events its passes raised and the tickets they escalated for this team, if any; then the room follows D1. */
  async catchUp(teamId: string, raised: RaisedEvent[], escalated: SteppedTicket[] = []): Promise<void> {
    this.learnTeam(teamId);
    await this.publishRaised(raised, escalated, Date.now());
    await this.followD1(Date.now());
    await this.scheduleAlarm();
  }

  override async alarm(): Promise<void> {
    const now = Date.now();
    for (const ws of this.ctx.getWebSockets()) {
      const who = identityOfSocket(ws);
      if (who && tokenExpired(who, now)) closeExpired(ws);
    }
    await this.followD1(now);
    await this.scheduleAlarm();
  }

  /** The room's team, kept for its alarm: every caller names it. */
  private learnTeam(teamId: string) {
    if (this.store.get("teamId") !== teamId) this.store.put("teamId", teamId);
  }

  /**
   * Raises the team's due SLA events and takes its due escalation steps (contract §4, §5), learns
   * when the next of either is due, and checks no publish was lost.
   */
  private async followD1(now: number): Promise<void> {
    const teamId = this.store.get("teamId");
    if (teamId === undefined) return;
    let team = await readTeam(this.env.DB, teamId);
    const isDue = (at: number | undefined) => at !== undefined && at <= now;
    if (isDue(team.nextCrossingAt) || isDue(team.nextStepAt)) {
      const pass = isDue(team.nextCrossingAt) ? await runRiskPass(this.env.DB, now, { teamId, knownDue: true }) : undefined;
      const ladder = await runLadderPass(this.env.DB, now, { teamId });
      await enqueueDeliveries(this.env.DELIVERIES, [...(pass?.deliveryIds ?? []), ...ladder.deliveryIds]);
      const escalated = [...(pass?.escalated ?? []), ...ladder.stepped];
      await this.publishRaised(pass?.raised ?? [], escalated, now);
      await this.publishAutomated(teamId, await runPassAutomations(this.env, pass?.raised ?? [], escalated, now));
      team = await readTeam(this.env.DB, teamId);
    }
    this.store.put("dueNext", earliest(team.nextCrossingAt, team.nextStepAt));
    await this.checkStep(teamId, team.committed, now);
  }

  private async publishRaised(raised: readonly RaisedEvent[], escalated: readonly SteppedTicket[], now: number): Promise<void> {
    for (const event of await passRoomEvents(this.env.DB, raised, escalated, new Date(now))) this.deliver(event);
    // Counted whether or not the ticket still exists: D1 counted each.
    this.count(raised.length + escalated.length);
  }

  /** What the automations of the raised events changed: this room delivers its own, other rooms get theirs. */
  private async publishAutomated(teamId: string, changes: readonly AutomatedChange[]): Promise<void> {
    for (const change of changes) {
      if (change.teamId !== teamId) await publishTo(this.env.TEAM_ROOM, change.teamId, change.event);
      else {
        this.deliver(change.event);
        this.count(1);
      }
    }
  }

  private count(changes: number) {
    // A cold room (nothing counted yet) starts counting from D1's count at its first look.
    const received = this.store.get("received");
    if (received !== undefined) this.store.put("received", received + changes);
  }

  private async checkStep(teamId: string, committed: number, now: number): Promise<void> {
    const received = this.store.get("received");
    const verdict = received === undefined ? ({ kind: "in_step" } as const) : stepVerdict(received, committed, this.store.get("expected"));
    if (verdict.kind === "resync") await this.resync(teamId, now);
    if (verdict.kind !== "wait") this.store.put("received", Math.max(received ?? 0, committed));
    this.store.put("expected", verdict.kind === "wait" ? verdict.expect : undefined);
    this.store.put("checkAt", verdict.kind === "wait" ? now + ARRIVAL_GRACE_MS : undefined);
  }

  /** A publish was lost: every socket gets a fresh snapshot under a new seq, and replays cannot reach past it. */
  private async resync(teamId: string, now: number): Promise<void> {
    console.warn(JSON.stringify({ event: "live_resync", teamId }));
    const seq = this.store.markResync();
    const snapshots = new Map<string, string>();
    for (const ws of this.ctx.getWebSockets()) {
      const who = identityOfSocket(ws);
      if (!who) continue;
      // Staff share one snapshot; a requester's shows only their own tickets.
      const scope = who.role === "requester" ? who.userId : "staff";
      let text = snapshots.get(scope);
      if (text === undefined) {
        text = await snapshotMessage(this.env.DB, who, teamId, seq, new Date(now));
        snapshots.set(scope, text);
      }
      send(ws, text);
    }
  }

  /** Delivers published events and counts them; answers the last one's seq. */
  private receive(events: readonly RoomEvent[]): number {
    let seq = this.store.seq();
    for (const event of events) seq = this.deliver(event);
    this.count(events.length);
    return seq;
  }

  /** Numbers and logs an event and sends it to every socket allowed to see it; answers its seq. */
  private deliver(event: RoomEvent): number {
    const seq = this.store.append(event);
    const text = JSON.stringify({ ...event.message, seq });
    const now = Date.now();
    for (const ws of this.ctx.getWebSockets()) {
      const who = identityOfSocket(ws);
      if (!who) continue;
      if (tokenExpired(who, now)) closeExpired(ws);
      else if (mayReceive(who, event)) send(ws, text);
    }
    return seq;
  }

  override async fetch(request: Request): Promise<Response> {
    const who = identityOfRequest(request.headers.get(IDENTITY_HEADER));
    const teamId = request.headers.get(TEAM_HEADER);
    if (!who || !teamId) return new Response("The room is reached through /api/v1/teams/{teamId}/live.", { status: 400 });
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") return new Response("Expected a WebSocket upgrade.", { status: 426 });
    this.learnTeam(teamId);
    const since = sinceOf(new URL(request.url).searchParams.get("since"));

    // The seq is read before the tickets: a snapshot at seq n shows at least every change up to n.
    const head = this.store.seq();
    const replay = since !== undefined && this.store.reachesBack(since, head);
    const snapshot = replay ? undefined : await snapshotMessage(this.env.DB, who, teamId, head, new Date());

    // From here on nothing awaits, so no event can slip between the first message and the replay.
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server, [`user:${who.userId}`]);
    server.serializeAttachment(who satisfies LiveIdentity);
    if (snapshot) send(server, snapshot);
    for (const event of this.store.after(replay ? since : head)) {
      if (mayReceive(who, event)) send(server, withSeq(event.message, event.seq));
    }
    await this.scheduleAlarm();
    return new Response(null, { status: 101, webSocket: client });
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

  private async scheduleAlarm(): Promise<void> {
    const now = Date.now();
    const expiries = this.ctx.getWebSockets().flatMap((ws) => {
      const who = ws.readyState === WebSocket.OPEN ? identityOfSocket(ws) : null;
      return who ? [who.exp * 1000] : [];
    });
    const at = nextWake([...expiries, this.store.get("dueNext"), this.store.get("checkAt")], now);
    if (at === undefined) return;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at || current < now) await this.ctx.storage.setAlarm(at);
  }
}

function earliest(...instants: (number | undefined)[]): number | undefined {
  const known = instants.filter((at): at is number => at !== undefined);
  return known.length > 0 ? Math.min(...known) : undefined;
}

function sinceOf(value: string | null): number | undefined {
  if (value === null || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}
