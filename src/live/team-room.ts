import { DurableObject } from "cloudflare:workers";
import { createDb } from "../db/client";
import { listTickets } from "../db/ticket-list";
import { ticketScope } from "../domain/ticket-access";
import type { TicketStatus } from "../domain/ticket-fields";
import type { Bindings } from "../env";
import { toTicketView } from "../routes/schemas/ticket";
import { slaOf } from "../services/ticket-sla";
import { IDENTITY_HEADER, mayReceive, TEAM_HEADER, type LiveIdentity, type RoomEvent } from "./events";

/** Events kept for `?since=` replay; a client further behind gets a fresh snapshot. */
export const REPLAY_LOG_SIZE = 500;
/** Active tickets in a snapshot at most (the newest by update). */
export const SNAPSHOT_LIMIT = 500;
/** Close code for a socket whose access token expired while connected. */
export const CLOSE_TOKEN_EXPIRED = 4401;

const ACTIVE: TicketStatus[] = ["new", "open", "in_progress", "pending"];

type Attachment = LiveIdentity;

/**
 * The live room of one team (contract §7), addressed by `idFromName(teamId)`. It numbers the
 * team's events (`seq`, in the object's own SQLite storage, so it survives eviction), keeps the
 * last REPLAY_LOG_SIZE of them for reconnects, and fans them out to the team's sockets. Sockets use
 * the hibernation API: an idle room is evicted from memory while its sockets stay open, and every
 * socket's identity lives in its attachment, not in a field of this object.
 *
 * The room trusts the identity header: it is reachable only through the Worker's
 * `GET /api/v1/teams/{teamId}/live`, which authenticates the caller and sets the header itself.
 */
export class TeamRoom extends DurableObject<Bindings> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS room_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS room_log (seq INTEGER PRIMARY KEY, message TEXT NOT NULL, internal INTEGER NOT NULL, requester_id TEXT)`);
  }

  /** The seq of the team's last event; 0 before the first. */
  currentSeq(): number {
    return this.sql.exec<{ value: number }>(`SELECT value FROM room_meta WHERE key = 'seq'`).toArray()[0]?.value ?? 0;
  }

  /** Numbers an event, logs it and sends it to every socket allowed to see it; answers its seq. */
  async publish(event: RoomEvent): Promise<number> {
    const seq = this.ctx.storage.transactionSync(() => {
      const next = this.currentSeq() + 1;
      this.sql.exec(`INSERT INTO room_meta (key, value) VALUES ('seq', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, next);
      this.sql.exec(`INSERT INTO room_log (seq, message, internal, requester_id) VALUES (?, ?, ?, ?)`, next, JSON.stringify(event.message), event.internal ? 1 : 0, event.requesterId);
      this.sql.exec(`DELETE FROM room_log WHERE seq <= ?`, next - REPLAY_LOG_SIZE);
      return next;
    });
    const text = JSON.stringify({ ...event.message, seq });
    const now = Date.now();
    for (const ws of this.ctx.getWebSockets()) {
      const who = ws.deserializeAttachment() as Attachment | null;
      if (!who) continue;
      if (expired(who, now)) {
        closeExpired(ws);
        continue;
      }
      if (mayReceive(who, event)) send(ws, text);
    }
    return seq;
  }

  override async fetch(request: Request): Promise<Response> {
    const who = identityOf(request);
    if (!who) return new Response("The room is reached through /api/v1/teams/{teamId}/live.", { status: 400 });
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") return new Response("Expected a WebSocket upgrade.", { status: 426 });
    const teamId = request.headers.get(TEAM_HEADER) ?? "";
    const since = sinceOf(new URL(request.url).searchParams.get("since"));

    // The seq is read before the tickets: a snapshot at seq n shows at least every change up to n.
    const head = this.currentSeq();
    let first: string[];
    let from: number;
    if (since !== undefined && this.reachesBack(since, head)) {
      first = [];
      from = since;
    } else {
      first = [JSON.stringify({ type: "snapshot", seq: head, tickets: await this.snapshot(who, teamId) })];
      from = head;
    }

    // From here on nothing awaits, so no event can slip between the first message and the replay.
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server, [`user:${who.userId}`]);
    server.serializeAttachment(who satisfies Attachment);
    for (const text of first) send(server, text);
    for (const row of this.sql.exec<{ seq: number; message: string; internal: number; requester_id: string | null }>(
      `SELECT seq, message, internal, requester_id FROM room_log WHERE seq > ? ORDER BY seq`,
      from,
    )) {
      if (mayReceive(who, { internal: row.internal === 1, requesterId: row.requester_id })) send(server, `${row.message.slice(0, -1)},"seq":${row.seq}}`);
    }
    await this.scheduleAlarm();
    return new Response(null, { status: 101, webSocket: client });
  }

  /** True when the log holds every event after `since` (or there are none), so a replay is exact. */
  private reachesBack(since: number, head: number): boolean {
    if (since > head) return false;
    if (since === head) return true;
    const oldest = this.sql.exec<{ seq: number | null }>(`SELECT min(seq) AS seq FROM room_log`).toArray()[0]?.seq;
    return oldest != null && oldest <= since + 1;
  }

  /** The team's active tickets as `who` may see them, with their sla block now (D1 is the source of truth). */
  private async snapshot(who: LiveIdentity, teamId: string) {
    const db = createDb(this.env.DB);
    const now = new Date();
    const rows = await listTickets(db, who.orgId, ticketScope(who.role, who.userId), { teamId, status: ACTIVE }, undefined, {
      field: "updatedAt",
      descending: true,
      limit: SNAPSHOT_LIMIT - 1,
    });
    return rows.map((row) => toTicketView(row, slaOf(row, now)));
  }

  /** Clients only listen; anything they send is ignored (a `ping` is answered, for keep-alives). */
  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const who = ws.deserializeAttachment() as Attachment | null;
    if (who && expired(who, Date.now())) return closeExpired(ws);
    if (message === "ping") send(ws, JSON.stringify({ type: "pong" }));
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // Already closed.
    }
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    try {
      ws.close(1011, "error");
    } catch {
      // Already closed.
    }
  }

  /** Closes the sockets whose token expired, then sets the next alarm. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    for (const ws of this.ctx.getWebSockets()) {
      const who = ws.deserializeAttachment() as Attachment | null;
      if (who && expired(who, now)) closeExpired(ws);
    }
    await this.scheduleAlarm();
  }

  /** The room's one alarm goes off at the earliest token expiry of its open sockets. */
  private async scheduleAlarm(): Promise<void> {
    let next = Infinity;
    for (const ws of this.ctx.getWebSockets()) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      const who = ws.deserializeAttachment() as Attachment | null;
      if (who) next = Math.min(next, who.exp * 1000);
    }
    if (next === Infinity) return;
    // At least 1 ms ahead: an alarm set for now from inside alarm() is dropped locally.
    const at = Math.max(next, Date.now() + 1);
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at || current < Date.now()) await this.ctx.storage.setAlarm(at);
  }
}

const expired = (who: Attachment, now: number) => who.exp * 1000 <= now;

function closeExpired(ws: WebSocket) {
  try {
    ws.close(CLOSE_TOKEN_EXPIRED, "access token expired");
  } catch {
    // Already closed.
  }
}

function send(ws: WebSocket, text: string) {
  try {
    ws.send(text);
  } catch {
    // A socket closing under us: its client reconnects with `since`.
  }
}

function identityOf(request: Request): LiveIdentity | undefined {
  const header = request.headers.get(IDENTITY_HEADER);
  if (!header) return undefined;
  try {
    const who = JSON.parse(header) as LiveIdentity;
    return typeof who.userId === "string" && typeof who.orgId === "string" && typeof who.exp === "number" ? who : undefined;
  } catch {
    return undefined;
  }
}

function sinceOf(value: string | null): number | undefined {
  if (value === null || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}
