import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken } from "../src/auth/access-token";
import { jwtSecret } from "../src/config";
import type { Role } from "../src/domain/roles";
import type { Bindings } from "../src/env";
import { IDENTITY_HEADER, TEAM_HEADER } from "../src/live/events";
import type { Session } from "./helpers";
import { addMember, createTeam, type Team } from "./ticket-fixtures";

type Message = Record<string, any> & { type: string; seq?: number };

/** A client socket of a live room with its received messages in order. */
export class LiveClient {
  readonly messages: Message[] = [];
  closed?: { code: number; reason: string };
  private waiters: (() => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.addEventListener("message", (event) => {
      this.messages.push(JSON.parse(String(event.data)));
      this.wake();
    });
    ws.addEventListener("close", (event) => {
      this.closed = { code: event.code, reason: event.reason };
      this.wake();
    });
    ws.accept();
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Waits until `done` holds, or fails after `ms`. */
  async until(done: () => boolean, ms = 5_000, what = "the expected messages"): Promise<void> {
    const deadline = Date.now() + ms;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.messages.map((m) => `${m.type}#${m.seq}`))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for at least `count` messages and answers them. */
  async take(count: number, ms?: number): Promise<Message[]> {
    await this.until(() => this.messages.length >= count, ms, `${count} messages`);
    return this.messages.slice(0, count);
  }

  /** The events received so far (everything but snapshots). */
  events(): Message[] {
    return this.messages.filter((message) => message.type !== "snapshot");
  }

  close() {
    try {
      this.ws.close(1000, "done");
    } catch {
      // Already closed.
    }
  }
}

/** Calls `GET /api/v1/teams/{teamId}/live` as a WebSocket upgrade through the Worker's own fetch. */
export function upgrade(teamId: string, options: { token?: string; query?: string; viaQuery?: boolean } = {}) {
  const headers: Record<string, string> = { Upgrade: "websocket" };
  let query = options.query ?? "";
  if (options.token && options.viaQuery) query += `${query ? "&" : "?"}access_token=${encodeURIComponent(options.token)}`;
  else if (options.token) headers.Authorization = `Bearer ${options.token}`;
  return exports.default.fetch(`http://slaguard.test/api/v1/teams/${teamId}/live${query}`, { headers });
}

/** Opens a socket on a team's room and waits for its first message when `first` is set. */
export async function connect(teamId: string, token: string, options: { query?: string; viaQuery?: boolean } = {}): Promise<LiveClient> {
  const res = await upgrade(teamId, { token, ...options });
  expect(res.status, res.status === 101 ? "" : await res.text()).toBe(101);
  expect(res.webSocket).toBeTruthy();
  return new LiveClient(res.webSocket!);
}

/** The stub of a team's room, as the Worker addresses it. */
export const roomOf = (team: { id: string }) => env.TEAM_ROOM.get(env.TEAM_ROOM.idFromName(team.id));

/** Lets in-flight messages arrive, for asserting that nothing more came. */
export const settle = (ms = 150) => new Promise((resolve) => setTimeout(resolve, ms));

/** A new team with `members`: every test gets its own team, so its own room (alarms and room storage are not reset between tests). */
export async function newTeam(admin: Session, members: Session[]): Promise<Team> {
  const team = await createTeam(admin);
  for (const member of members) await addMember(admin, team.id, member.user.id);
  return team;
}

/**
 * Waits until the team's room has numbered `seq` events: a write publishes after its answer (in the
 * background), so a test that connects after a write waits for it to land first.
 */
export async function untilRoomSeq(team: { id: string }, seq: number): Promise<void> {
  const seqOf = () =>
    runInDurableObject(roomOf(team), (_room, state) => state.storage.sql.exec<{ value: number }>(`SELECT value FROM room_meta WHERE key = 'seq'`).toArray()[0]?.value ?? 0);
  await expect.poll(seqOf, { timeout: 5_000 }).toBeGreaterThanOrEqual(seq);
}

/**
 * Opens a socket straight on a team's room as `session`, past the Worker's route: for a requester,
 * whom the route refuses (contract §7) but whose socket the room still scopes on its own.
 */
export async function connectToRoom(team: { id: string }, session: Session): Promise<LiveClient> {
  const { id: userId, orgId, role } = session.user;
  const res = await roomOf(team).fetch("http://room/", {
    headers: {
      Upgrade: "websocket",
      [IDENTITY_HEADER]: JSON.stringify({ userId, orgId, role, exp: Math.floor(Date.now() / 1000) + 600 }),
      [TEAM_HEADER]: team.id,
    },
  });
  expect(res.status).toBe(101);
  return new LiveClient(res.webSocket!);
}

/**
 * An access token of `session`'s user that expires 2 to 3 s from now (`exp` is whole seconds): long
 * enough to open a socket on a loaded machine, short enough to wait for its 4401.
 */
export function tokenExpiringSoon(session: Session): Promise<string> {
  const issued = new Date((Math.floor(Date.now() / 1000) + 3 - ACCESS_TOKEN_TTL_SECONDS) * 1000);
  return signAccessToken({ userId: session.user.id, orgId: session.user.orgId, role: session.user.role as Role }, jwtSecret(env as Bindings), issued);
}
