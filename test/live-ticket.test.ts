import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { sha256Hex } from "../src/auth/encoding";
import { createDb } from "../src/db/client";
import { openTeamRoom } from "../src/services/team-room-access";
import { api, createUser, expectError, registerOrg, setClock, type Session } from "./helpers";
import { LiveClient, newTeam, tokenExpiringSoon, upgrade } from "./live-helpers";
import { expectDocumented } from "./openapi-helpers";
import { fileTicket, type Team } from "./ticket-fixtures";

let admin: Session, agent: Session, outsider: Session, requester: Session, foreign: Session;

beforeAll(async () => {
  admin = await registerOrg("Ticket Co");
  [agent, outsider, requester, foreign] = await Promise.all([createUser(admin, "agent"), createUser(admin, "agent"), createUser(admin, "requester"), registerOrg("Elsewhere")]);
});

const sockets: LiveClient[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const client of sockets.splice(0)) client.close();
});

const ticketPath = (team: { id: string }) => `/api/v1/teams/${team.id}/live/ticket`;

async function ticketFor(team: Team, session: Session | string = agent): Promise<string> {
  const res = await api("POST", ticketPath(team), { token: typeof session === "string" ? session : session.accessToken });
  expect([res.status, res.json], res.text).toEqual([201, { ticket: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expiresIn: 30 }]);
  return res.json.ticket;
}

const withTicket = (team: Team, ticket: string) => upgrade(team.id, { query: `?ticket=${encodeURIComponent(ticket)}` });

async function openWithTicket(team: Team, ticket: string): Promise<LiveClient> {
  const res = await withTicket(team, ticket);
  expect(res.status, res.status === 101 ? "" : await res.text()).toBe(101);
  sockets.push(new LiveClient(res.webSocket!));
  return sockets.at(-1)!;
}

/** A refused upgrade: 401 in the error envelope, and no socket. */
async function expectRefused(team: Team, ticket: string) {
  const res = await withTicket(team, ticket);
  const text = await res.text();
  expect(res.webSocket).toBeNull();
  expectError({ status: res.status, headers: res.headers, text, json: JSON.parse(text) }, 401, "E_UNAUTHORIZED");
}

describe("POST /api/v1/teams/{teamId}/live/ticket", () => {
  it("issues a ticket to whoever may watch the room, and refuses everyone else", async () => {
    const team = await newTeam(admin, [agent]);
    for (const session of [agent, admin]) await ticketFor(team, session);
    for (const session of [outsider, requester]) expectError(await api("POST", ticketPath(team), { token: session.accessToken }), 403, "E_FORBIDDEN");
    expectError(await api("POST", ticketPath(team), { token: foreign.accessToken }), 404, "E_NOT_FOUND");
    expectError(await api("POST", ticketPath(team)), 401, "E_UNAUTHORIZED");
  });

  it("stores only the ticket's hash, and sweeps expired tickets as it issues", async () => {
    const team = await newTeam(admin, [agent]);
    const [stale, at] = [`stale-${crypto.randomUUID()}`, Date.now() - 60_000];
    const insert = `INSERT INTO live_tickets (ticket_hash, user_id, org_id, team_id, expires_at, token_exp) VALUES (?, ?, ?, ?, ?, ?)`;
    await env.DB.prepare(insert).bind(stale, agent.user.id, agent.user.orgId, team.id, at, Math.floor(at / 1000)).run();
    const ticket = await ticketFor(team);
    const hashes = (await env.DB.prepare(`SELECT ticket_hash FROM live_tickets`).all<{ ticket_hash: string }>()).results.map((row) => row.ticket_hash);
    expect(hashes).toContain(await sha256Hex(ticket));
    expect(hashes.filter((hash) => hash === ticket || hash === stale)).toEqual([]);
  });

  it("is documented, and the room's access_token parameter is marked deprecated", async () => {
    const doc = await expectDocumented([["post", "/api/v1/teams/{teamId}/live/ticket"]]);
    expect(Object.keys(doc.paths["/api/v1/teams/{teamId}/live/ticket"].post.responses).sort()).toEqual(["201", "400", "401", "403", "404", "429", "500"]);
    const params: { name: string; deprecated?: boolean }[] = doc.paths["/api/v1/teams/{teamId}/live"].get.parameters;
    expect(params.filter((p) => p.deprecated).map((p) => p.name)).toEqual(["access_token"]);
    expect(params.map((p) => p.name)).toContain("ticket");
  });
});

describe("GET /api/v1/teams/{teamId}/live?ticket=", () => {
  it("opens a socket that receives the snapshot and then the events", async () => {
    const team = await newTeam(admin, [agent]);
    const filed = await fileTicket(agent, team.id, { title: "Before the socket" });
    const client = await openWithTicket(team, await ticketFor(team));
    const [snapshot] = await client.take(1);
    expect(snapshot).toMatchObject({ type: "snapshot", tickets: expect.arrayContaining([expect.objectContaining({ id: filed.id })]) });
    const later = await fileTicket(agent, team.id, { title: "After the socket" });
    await client.until(() => client.events().length >= 1);
    expect(client.events()[0]).toMatchObject({ type: "ticket.created", ticketId: later.id, seq: snapshot!.seq! + 1 });
  });

  it("lets a ticket in once: the second use is 401 with no upgrade", async () => {
    const team = await newTeam(admin, [agent]);
    const ticket = await ticketFor(team);
    await (await openWithTicket(team, ticket)).take(1);
    await expectRefused(team, ticket);
  });

  it("refuses an expired ticket and an unknown one", async () => {
    const team = await newTeam(admin, [agent]);
    const start = Date.now();
    setClock(start);
    const [late, inTime] = [await ticketFor(team), await ticketFor(team)];
    setClock(start + 29_000);
    await (await openWithTicket(team, inTime)).take(1);
    setClock(start + 30_000);
    await expectRefused(team, late);
    await expectRefused(team, "no-such-ticket");
  });

  it("refuses a ticket on another team than the one it was issued for", async () => {
    const [teamA, teamB] = [await newTeam(admin, [agent]), await newTeam(admin, [agent])];
    await expectRefused(teamB, await ticketFor(teamA));
  });

  it("refuses the ticket of an account deactivated since it was issued", async () => {
    const leaver = await createUser(admin, "agent");
    const team = await newTeam(admin, [leaver]);
    const ticket = await ticketFor(team, leaver);
    expect((await api("DELETE", `/api/v1/users/${leaver.user.id}`, { token: admin.accessToken })).status).toBe(204);
    await expectRefused(team, ticket);
  });

  it("closes the socket with 4401 when the token the ticket was issued under expires", async () => {
    const team = await newTeam(admin, [agent]);
    const token = await tokenExpiringSoon(agent);
    const client = await openWithTicket(team, await ticketFor(team, token));
    await client.take(1);
    await client.until(() => client.closed !== undefined, 6_000, "the close");
    expect(client.closed!.code).toBe(4401);
  });

  it("never forwards the ticket, the token or the Authorization header to the room", async () => {
    const team = await newTeam(admin, [agent]);
    let forwarded: Request | undefined;
    // A stand-in for the rooms' namespace that keeps the request the Worker forwards.
    const rooms = { idFromName: (name: string) => name, get: () => ({ fetch: async (request: Request) => ((forwarded = request), new Response(null)) }) };
    const url = `http://slaguard.test/api/v1/teams/${team.id}/live?ticket=secret-ticket&access_token=secret-token&since=7`;
    const request = new Request(url, { headers: { Upgrade: "websocket", Authorization: "Bearer secret-token" } });
    const caller = { id: agent.user.id, orgId: agent.user.orgId, role: "agent" as const }, exp = Math.floor(Date.now() / 1000) + 60;
    await openTeamRoom(rooms as unknown as Env["TEAM_ROOM"], createDb(env.DB), caller, team.id, request, exp);
    expect([...new URL(forwarded!.url).searchParams.keys()]).toEqual(["since"]);
    expect(forwarded!.url).not.toContain("secret");
    expect(forwarded!.headers.get("Authorization")).toBeNull();
  });
});
