// One team's live room over a WebSocket (contract §7), kept open: a dropped socket comes back with
// backoff and `?since=<seq>`, a socket closed for an expired token (4401) comes back at once with a
// refreshed one. Every socket opens with a one-time ticket of its own (./url.ts).
import type { LiveMessage } from "../api/types";
import { reconnectDelay } from "./backoff";
import { liveSocketUrl, type TicketClient } from "./url";

export type LiveStatus = "connecting" | "live" | "reconnecting";

/** The room closes a socket whose access token expired with this code. */
const TOKEN_EXPIRED = 4401;
/** How long a socket must stay open to count as a recovered connection. */
const STABLE_MS = 5000;

export interface LiveOptions {
  teamId: string;
  /** Asks for the one-time ticket each socket opens with (see ./url.ts). */
  api: TicketClient;
  /** A fresh access token, or null once signed out (the connection then stops trying). */
  accessToken(): Promise<string | null>;
  /** Rotates the session's tokens; false when it could not. */
  refresh(): Promise<boolean>;
  /** The seq of the last message applied, to resume after it; null before any snapshot. */
  lastSeq(): number | null;
  onMessage(message: LiveMessage): void;
  onStatus(status: LiveStatus): void;
}

export class LiveConnection {
  private socket: WebSocket | null = null;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  /** Whether a 4401 was already answered with a refresh since the connection last recovered: a second one backs off. */
  private refreshedForExpiry = false;
  private stopped = false;
  private readonly reconnectNow = () => {
    if (this.retry !== undefined) this.connectSoon(0);
  };

  constructor(private readonly options: LiveOptions) {}

  start(): void {
    this.options.onStatus("connecting");
    window.addEventListener("online", this.reconnectNow);
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    window.removeEventListener("online", this.reconnectNow);
    this.socket?.close(1000, "board closed");
    this.socket = null;
  }

  /** Drops the socket and resumes from the last seq: the stream had a gap. */
  resync(): void {
    this.socket?.close(4000, "resync");
  }

  private async connect(): Promise<void> {
    this.retry = undefined;
    const token = await this.options.accessToken();
    if (this.stopped) return;
    if (token === null) return this.stop();
    let url: string;
    try {
      url = await liveSocketUrl(this.options.api, window.location, this.options.teamId, this.options.lastSeq());
    } catch {
      // No ticket (unreachable, refused): try again as after a dropped socket.
      if (this.stopped) return;
      this.options.onStatus("reconnecting");
      return this.connectSoon(reconnectDelay(this.attempt++, Math.random()));
    }
    if (this.stopped) return;
    const socket = new WebSocket(url);
    this.socket = socket;
    let openedAt: number | null = null;
    let heard = false;
    socket.onopen = () => {
      openedAt = Date.now();
      this.options.onStatus("live");
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket || typeof event.data !== "string") return;
      const message = parse(event.data);
      if (!message || message.type === "pong") return;
      heard = true;
      this.options.onMessage(message as LiveMessage);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket || this.stopped) return;
      this.socket = null;
      // A socket that spoke or lived a while proved the way back works: backoff and the one refresh
      // for a 4401 start afresh. One closed right after opening keeps backing off.
      if (heard || (openedAt !== null && Date.now() - openedAt >= STABLE_MS)) {
        this.attempt = 0;
        this.refreshedForExpiry = false;
      }
      this.options.onStatus("reconnecting");
      if (event.code === TOKEN_EXPIRED && !this.refreshedForExpiry) void this.afterExpiry();
      else this.connectSoon(reconnectDelay(this.attempt++, Math.random()));
    };
  }

  /** The room said the token expired: refresh it once and come straight back with `since`. */
  private async afterExpiry(): Promise<void> {
    this.refreshedForExpiry = true;
    const refreshed = await this.options.refresh();
    if (this.stopped) return;
    this.connectSoon(refreshed ? 0 : reconnectDelay(this.attempt++, Math.random()));
  }

  private connectSoon(delay: number): void {
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), delay);
  }
}

function parse(data: string): { type: string } | null {
  try {
    const message = JSON.parse(data) as { type?: unknown } | null;
    return typeof message?.type === "string" ? (message as { type: string }) : null;
  } catch {
    return null;
  }
}
