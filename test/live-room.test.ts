import { abortAllDurableObjects, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { IDENTITY_HEADER, TEAM_HEADER } from "../src/live/events";
import type { TeamRoom } from "../src/live/team-room";
import { api, createUser, expectError, registerOrg, type Session } from "./helpers";
import { connect, LiveClient, newTeam, roomOf, settle, tokenExpiringSoon, untilRoomSeq, upgrade } from "./live-helpers";
import { fileTicket, type Team } from "./ticket-fixtures";

let admin: Session, manager: Session, agentA: Session, agentB: Session, outsider: Session, requester: Session, foreign: Session;

beforeAll(async () => {
  admin = await registerOrg("Live Co");
  [manager, agentA, agentB, outsider, requester] = await Promise.all([
    createUser(admin, "manager"),
    createUser(admin, "agent"),
    createUser(admin, "agent"),
    createUser(admin, "agent"),
    createUser(admin, "requester"),
  ]);
  foreign = await registerOrg("Elsewhere");
});

const freshTeam = () => newTeam(admin, [agentA, agentB]);

const sockets: LiveClient[] = [];
afterEach(() => {
  for (const client of sockets.splice(0)) client.close();
});


async function open(team: Team, session: Session, options: { query?: string; viaQuery?: boolean } = {}) {
  const client = await connect(team.id, session.accessToken, options);
  sockets.push(client);
  return client;
}

describe("GET /api/v1/teams/{teamId}/live", () => {
  it("opens for members, managers and admins with a snapshot of the team's active tickets", async () => {
    const team = await freshTeam();
    const ticket = await fileTicket(agentA, team.id, { title: "Snapshot me" });
    for (const session of [agentA, manager, admin]) {
      const client = await open(team, session);
      const [first] = await client.take(1);
      expect(first!.type).toBe("snapshot");
      expect(first!.tickets.map((t: { id: string }) => t.id)).toContain(ticket.id);
      expect(first!.tickets[0].sla).toBeDefined();
      client.close();
    }
  });

  it("takes the token from the access_token query parameter", async () => {
    const team = await freshTeam();
    const client = await open(team, agentA, { viaQuery: true });
    expect((await client.take(1))[0]!.type).toBe("snapshot");
    client.close();
  });

  it("refuses a non-member agent and a requester (403), another organization (404), no token (401), a plain GET (426)", async () => {
    const team = await freshTeam();
    for (const session of [outsider, requester]) {
      const res = await upgrade(team.id, { token: session.accessToken });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: "E_FORBIDDEN" });
    }
    const other = await upgrade(team.id, { token: foreign.accessToken });
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ error: "E_NOT_FOUND" });
    expect((await upgrade(team.id)).status).toBe(401);
    expectError(await api("GET", `/api/v1/teams/${team.id}/live`, { token: agentA.accessToken }), 426, "E_UPGRADE_REQUIRED");
  });
});

describe("events", () => {
  it("fans a change out to every member's socket with consecutive seq", async () => {
    const team = await freshTeam();
    const [a, b] = [await open(team, agentA), await open(team, agentB)];
    const [snapA] = await a.take(1);
    await b.take(1);
    const ticket = await fileTicket(requester, team.id, { title: "Live one" });
    const moved = await api("PATCH", `/api/v1/tickets/${ticket.id}/status`, { token: agentA.accessToken, body: { status: "in_progress" } });
    expect(moved.status, moved.text).toBe(200);
    const assigned = await api("POST", `/api/v1/tickets/${ticket.id}/assign`, { token: agentA.accessToken, body: { assigneeId: agentB.user.id } });
    expect(assigned.status, assigned.text).toBe(200);
    for (const client of [a, b]) {
      await client.until(() => client.events().length >= 3);
      const events = client.events();
      expect(events.map((event) => event.type)).toEqual(["ticket.created", "ticket.status_changed", "ticket.assigned"]);
      expect(events.map((event) => event.seq)).toEqual([snapA!.seq! + 1, snapA!.seq! + 2, snapA!.seq! + 3]);
      expect(events[1]!.ticket).toMatchObject({ id: ticket.id, status: "in_progress", sla: expect.any(Object) });
      expect(events[2]!.ticket.assigneeId).toBe(agentB.user.id);
    }
  });

  it("publishes edits, comments, attachments and deletes", async () => {
    const team = await freshTeam();
    const client = await open(team, manager);
    await client.take(1);
    const ticket = await fileTicket(agentA, team.id);
    expect((await api("PATCH", `/api/v1/tickets/${ticket.id}`, { token: agentA.accessToken, body: { title: "Renamed" } })).status).toBe(200);
    expect((await api("POST", `/api/v1/tickets/${ticket.id}/comments`, { token: agentA.accessToken, body: { body: "Looking", public: true } })).status).toBe(201);
    const upload = await api("POST", `/api/v1/tickets/${ticket.id}/attachments`, { token: agentA.accessToken, body: "hello", headers: { "Content-Type": "text/plain", "X-Filename": "a.txt" } });
    expect(upload.status, upload.text).toBe(201);
    expect((await api("DELETE", `/api/v1/tickets/${ticket.id}`, { token: manager.accessToken })).status).toBe(204);
    await client.until(() => client.events().length >= 5);
    const events = client.events();
    expect(events.map((event) => event.type)).toEqual(["ticket.created", "ticket.updated", "comment.added", "attachment.added", "ticket.deleted"]);
    expect(events[1]!.ticket.title).toBe("Renamed");
    expect(events[2]!.comment).toMatchObject({ body: "Looking", public: true });
    expect(events[3]!.attachment).toMatchObject({ name: "a.txt" });
    expect(events.every((event) => event.ticketId === ticket.id)).toBe(true);
  });

  it("replays exactly the missed events on reconnect with since", async () => {
    const team = await freshTeam();
    const first = await open(team, agentA);
    const ticket = await fileTicket(agentA, team.id);
    await first.until(() => first.events().length >= 1);
    const seen = first.events().at(-1)!.seq!;
    first.close();
    for (const status of ["open", "in_progress", "pending"]) {
      expect((await api("PATCH", `/api/v1/tickets/${ticket.id}/status`, { token: agentA.accessToken, body: { status } })).status).toBe(200);
    }
    const again = await open(team, agentA, { query: `?since=${seen}` });
    await again.until(() => again.messages.length >= 3);
    await settle();
    expect(again.messages.map((m) => [m.type, m.seq])).toEqual([
      ["ticket.status_changed", seen + 1],
      ["ticket.status_changed", seen + 2],
      ["ticket.status_changed", seen + 3],
    ]);
    expect(again.messages.map((m) => m.ticket.status)).toEqual(["open", "in_progress", "pending"]);
    // Up to date: nothing to replay. From the future or unknown: a fresh snapshot.
    const current = await open(team, agentA, { query: `?since=${seen + 3}` });
    const future = await open(team, agentA, { query: `?since=${seen + 99}` });
    const [snapshot] = await future.take(1);
    expect(snapshot).toMatchObject({ type: "snapshot", seq: seen + 3 });
    await settle();
    expect(current.messages).toEqual([]);
  });

  it("sends a snapshot when the log no longer reaches back", async () => {
    const team = await freshTeam();
    const room = roomOf(team);
    await runInDurableObject(room, (_instance: TeamRoom, state) => {
      state.storage.sql.exec(`INSERT INTO room_meta (key, value) VALUES ('seq', 1000)`);
    });
    await fileTicket(agentA, team.id);
    await untilRoomSeq(team, 1001);
    const client = await open(team, agentA, { query: "?since=10" });
    const [first] = await client.take(1);
    expect(first).toMatchObject({ type: "snapshot", seq: 1001 });
    expect(first!.tickets).toHaveLength(1);
  });

  it("never sends an internal comment to a requester's socket", async () => {
    const team = await freshTeam();
    const ticket = await fileTicket(requester, team.id);
    await untilRoomSeq(team, 1);
    // Requesters are refused at the route (contract §7); the room still redacts on its own.
    const res = await roomOf(team).fetch("http://room/", {
      headers: {
        Upgrade: "websocket",
        [IDENTITY_HEADER]: JSON.stringify({ userId: requester.user.id, orgId: requester.user.orgId, role: "requester", exp: Math.floor(Date.now() / 1000) + 600 }),
        [TEAM_HEADER]: team.id,
      },
    });
    expect(res.status).toBe(101);
    const requesterSocket = new LiveClient(res.webSocket!);
    sockets.push(requesterSocket);
    const staff = await open(team, agentA);
    await requesterSocket.take(1);
    await staff.take(1);
    expect(requesterSocket.messages[0]!.tickets.map((t: { id: string }) => t.id)).toEqual([ticket.id]);
    for (const comment of [{ body: "secret note", public: false }, { body: "hello", public: true }]) {
      expect((await api("POST", `/api/v1/tickets/${ticket.id}/comments`, { token: agentA.accessToken, body: comment })).status).toBe(201);
    }
    const other = await fileTicket(agentA, team.id);
    await staff.until(() => staff.events().length >= 3);
    await requesterSocket.until(() => requesterSocket.events().length >= 1);
    await settle();
    expect(staff.events().map((e) => e.comment?.body ?? e.ticketId)).toEqual(["secret note", "hello", other.id]);
    // Only the public comment of their own ticket; not the internal note, not another's ticket.
    expect(requesterSocket.events().map((e) => e.comment?.body)).toEqual(["hello"]);
    expect(JSON.stringify(requesterSocket.messages)).not.toContain("secret note");
  });

  it("continues seq without a gap in a fresh instance after the object is reset", async () => {
    const team = await freshTeam();
    const first = await open(team, agentA);
    const ticket = await fileTicket(agentA, team.id);
    await first.until(() => first.events().length >= 1);
    const [created] = first.events();
    const room = roomOf(team);
    await runInDurableObject(room, (instance: TeamRoom) => {
      (instance as unknown as { marker: string }).marker = "old instance";
    });
    // The pool of this runtime has no per-object eviction: resetting every object drops the
    // instance (and its sockets) while the object's storage stays, as an eviction would.
    await abortAllDurableObjects();
    expect(await runInDurableObject(roomOf(team), (instance: TeamRoom) => (instance as unknown as { marker?: string }).marker)).toBeUndefined();
    const again = await open(team, agentA, { query: `?since=${created!.seq}` });
    expect((await api("PATCH", `/api/v1/tickets/${ticket.id}/status`, { token: agentA.accessToken, body: { status: "open" } })).status).toBe(200);
    await again.until(() => again.events().length >= 1);
    expect(again.events()[0]!.seq).toBe(created!.seq! + 1);
  });

  it("closes a socket with 4401 when its access token expires", async () => {
    const team = await freshTeam();
    const token = await tokenExpiringSoon(agentA);
    const client = await connect(team.id, token);
    sockets.push(client);
    await client.take(1);
    await client.until(() => client.closed !== undefined, 6_000, "the close");
    expect(client.closed!.code).toBe(4401);
  });

  it("a failed publish is logged, never thrown", async () => {
    const team = await freshTeam();
    const { roomPublisher } = await import("../src/live/publish");
    const broken = { idFromName: () => { throw new Error("room down"); } } as unknown as typeof env.TEAM_ROOM;
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (line: unknown) => errors.push(line);
    try {
      roomPublisher(broken)!(team.id, { message: { type: "ticket.updated", ticketId: "x" }, internal: false, requesterId: null });
      await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      console.error = original;
    }
    expect(String(errors[0])).toContain("live_publish_failed");
  });
});
