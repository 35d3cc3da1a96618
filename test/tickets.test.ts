import { beforeAll, describe, expect, it } from "vitest";
import { api, createUser, expectError, type Session } from "./helpers";
import { createTeam, fileTicket, historyOf, ticketOrg, type Team } from "./ticket-fixtures";

let admin: Session;
let manager: Session;
let agent: Session;
let outsider: Session;
let requester: Session;
let otherRequester: Session;
let foreign: Session;
let ops: Team;
let desk: Team;

beforeAll(async () => {
  ({ admin, manager, agent, outsider, requester, otherRequester, foreign, ops, desk } = await ticketOrg("Tickets Co"));
});

describe("creating a ticket", () => {
  it("answers 201 with the ticket, its team key and version 1", async () => {
    const res = await api("POST", "/api/v1/tickets", {
      token: requester.accessToken,
      body: { title: "  VPN drops  ", description: "Every hour", priority: "HIGH", teamId: ops.id, category: "network", tags: ["VPN", "vpn", " remote "] },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({
      key: expect.stringMatching(/^OPS-\d+$/),
      title: "VPN drops",
      description: "Every hour",
      priority: "P2",
      category: "network",
      status: "new",
      teamId: ops.id,
      requesterId: requester.user.id,
      assigneeId: null,
      customer: null,
      tags: ["vpn", "remote"],
      version: 1,
      reopenCount: 0,
      escalationLevel: 0,
      firstRespondedAt: null,
      resolvedAt: null,
      closedAt: null,
    });
    expect(res.headers.get("ETag")).toBe('"1"');
    expect(res.json).not.toHaveProperty("orgId");
    const history = await historyOf(requester, res.json.id);
    expect(history).toEqual([expect.objectContaining({ action: "created", actorId: requester.user.id })]);
  });

  it("numbers each team's tickets from 1 on its own", async () => {
    const team = await createTeam(admin, "NUMS");
    const first = await fileTicket(admin, team.id);
    const second = await fileTicket(admin, team.id);
    expect([first.key, second.key]).toEqual(["NUMS-1", "NUMS-2"]);
  });

  it("gives 50 concurrent creates in one team the keys 1..50, each once", async () => {
    const team = await createTeam(admin, "RACE");
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => api("POST", "/api/v1/tickets", { token: admin.accessToken, body: { title: `Ticket ${i}`, priority: "P4", teamId: team.id } })),
    );
    expect(answers.map((res) => res.status)).toEqual(Array(50).fill(201));
    const keys = answers.map((res) => res.json.key).sort((a: string, b: string) => Number(a.split("-")[1]) - Number(b.split("-")[1]));
    expect(keys).toEqual(Array.from({ length: 50 }, (_, i) => `RACE-${i + 1}`));
  });

  it("lets staff file for someone else and assign a member of the team", async () => {
    const ticket = await fileTicket(agent, ops.id, { requesterId: requester.user.id, assigneeId: agent.user.id });
    expect(ticket).toMatchObject({ requesterId: requester.user.id, assigneeId: agent.user.id });
  });

  it("refuses a requester filing for someone else or assigning", async () => {
    expectError(await api("POST", "/api/v1/tickets", { token: requester.accessToken, body: { title: "x", priority: "P3", teamId: ops.id, requesterId: otherRequester.user.id } }), 403, "E_FORBIDDEN");
    expectError(await api("POST", "/api/v1/tickets", { token: requester.accessToken, body: { title: "x", priority: "P3", teamId: ops.id, assigneeId: agent.user.id } }), 403, "E_FORBIDDEN");
  });

  it("names each bad field: missing, unknown, wrong type, unknown priority", async () => {
    const res = await api("POST", "/api/v1/tickets", { token: admin.accessToken, body: { priority: "URGENT", teamId: 7, status: "open" } });
    const error = expectError(res, 400, "E_VALIDATION");
    expect(error.details.issues!.map((issue) => issue.path).sort()).toEqual(["priority", "status", "teamId", "title"].sort());
  });

  it("answers 400 naming teamId, requesterId or assigneeId when they point nowhere", async () => {
    const noTeam = expectError(await api("POST", "/api/v1/tickets", { token: admin.accessToken, body: { title: "x", priority: "P3", teamId: "nope" } }), 400, "E_VALIDATION");
    expect(noTeam.details.issues).toEqual([expect.objectContaining({ path: "teamId" })]);
    const foreignTeam = await createTeam(foreign, "FRGN");
    expectError(await api("POST", "/api/v1/tickets", { token: admin.accessToken, body: { title: "x", priority: "P3", teamId: foreignTeam.id } }), 400, "E_VALIDATION");
    const noRequester = expectError(await api("POST", "/api/v1/tickets", { token: admin.accessToken, body: { title: "x", priority: "P3", teamId: ops.id, requesterId: foreign.user.id } }), 400, "E_VALIDATION");
    expect(noRequester.details.issues).toEqual([expect.objectContaining({ path: "requesterId" })]);
    const notMember = expectError(await api("POST", "/api/v1/tickets", { token: admin.accessToken, body: { title: "x", priority: "P3", teamId: ops.id, assigneeId: outsider.user.id } }), 400, "E_VALIDATION");
    expect(notMember.details.issues).toEqual([expect.objectContaining({ path: "assigneeId" })]);
  });

  it("answers 401 without a token", async () => {
    expectError(await api("POST", "/api/v1/tickets", { body: { title: "x", priority: "P3", teamId: ops.id } }), 401, "E_UNAUTHORIZED");
    expectError(await api("GET", "/api/v1/tickets"), 401, "E_UNAUTHORIZED");
  });
});

describe("reading a ticket", () => {
  it("finds it by id and by key", async () => {
    const ticket = await fileTicket(requester, ops.id);
    const byId = await api("GET", `/api/v1/tickets/${ticket.id}`, { token: agent.accessToken });
    const byKey = await api("GET", `/api/v1/tickets/${ticket.key}`, { token: agent.accessToken });
    expect(byId.status).toBe(200);
    expect(byKey.json).toEqual(byId.json);
  });

  it("shows requesters their own, agents their teams', managers all; everyone else gets 404", async () => {
    const ticket = await fileTicket(requester, ops.id);
    for (const viewer of [requester, agent, manager, admin]) expect((await api("GET", `/api/v1/tickets/${ticket.id}`, { token: viewer.accessToken })).status).toBe(200);
    for (const viewer of [otherRequester, outsider, foreign]) expectError(await api("GET", `/api/v1/tickets/${ticket.key}`, { token: viewer.accessToken }), 404, "E_NOT_FOUND");
  });
});

describe("editing a ticket", () => {
  it("changes the fields sent, bumps the version and records from and to", async () => {
    const ticket = await fileTicket(requester, ops.id, { category: "network" });
    const res = await api("PATCH", `/api/v1/tickets/${ticket.id}`, {
      token: agent.accessToken,
      headers: { "If-Match": '"1"', "CF-Connecting-IP": "203.0.113.9" },
      body: { priority: "CRITICAL", category: null, title: ticket.title },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ priority: "P1", category: null, version: 2 });
    expect(res.headers.get("ETag")).toBe('"2"');
    const history = await historyOf(agent, ticket.id);
    expect(history.at(-1)).toEqual({
      at: expect.any(String),
      action: "updated",
      actorId: agent.user.id,
      from: { priority: "P3", category: "network" },
      to: { priority: "P1", category: null },
      ip: "203.0.113.9",
    });
  });

  it("writes nothing when nothing changes", async () => {
    const ticket = await fileTicket(admin, ops.id);
    const res = await api("PATCH", `/api/v1/tickets/${ticket.id}`, { token: admin.accessToken, body: { title: ticket.title } });
    expect(res.json.version).toBe(1);
    expect(await historyOf(admin, ticket.id)).toHaveLength(1);
  });

  it("answers 412 for a stale If-Match and changes nothing", async () => {
    const ticket = await fileTicket(admin, ops.id);
    await api("PATCH", `/api/v1/tickets/${ticket.id}`, { token: admin.accessToken, body: { title: "First edit" } });
    const stale = expectError(await api("PATCH", `/api/v1/tickets/${ticket.id}`, { token: admin.accessToken, headers: { "If-Match": "1" }, body: { title: "Second edit" } }), 412, "E_VERSION_CONFLICT");
    expect(stale.details).toEqual({ currentVersion: 2 });
    expect((await api("GET", `/api/v1/tickets/${ticket.id}`, { token: admin.accessToken })).json).toMatchObject({ title: "First edit", version: 2 });
  });

  it("answers 400 naming If-Match when it is not a version", async () => {
    const ticket = await fileTicket(admin, ops.id);
    const error = expectError(await api("PATCH", `/api/v1/tickets/${ticket.id}`, { token: admin.accessToken, headers: { "If-Match": "abc" }, body: { title: "x" } }), 400, "E_VALIDATION");
    expect(error.details.issues![0]!.path).toBe("if-match");
  });

  it("lets a requester edit the title of their own ticket but not its priority", async () => {
    const ticket = await fileTicket(requester, ops.id);
    expect((await api("PATCH", `/api/v1/tickets/${ticket.id}`, { token: requester.accessToken, body: { title: "Better title" } })).status).toBe(200);
    expectError(await api("PATCH", `/api/v1/tickets/${ticket.id}`, { token: requester.accessToken, body: { priority: "P1" } }), 403, "E_FORBIDDEN");
    expectError(await api("PATCH", `/api/v1/tickets/${ticket.id}`, { token: otherRequester.accessToken, body: { title: "Mine now" } }), 404, "E_NOT_FOUND");
  });

  it("refuses fields that are not editable here, such as status", async () => {
    const ticket = await fileTicket(admin, ops.id);
    const error = expectError(await api("PATCH", `/api/v1/tickets/${ticket.id}`, { token: admin.accessToken, body: { status: "open", version: 9 } }), 400, "E_VALIDATION");
    expect(error.details.issues!.map((issue) => issue.path).sort()).toEqual(["status", "version"]);
  });

  it("moves a ticket to another team, keeping its key and dropping an assignee who is not a member there", async () => {
    const ticket = await fileTicket(admin, ops.id, { assigneeId: agent.user.id });
    const res = await api("PATCH", `/api/v1/tickets/${ticket.id}`, { token: admin.accessToken, body: { teamId: desk.id } });
    expect(res.json).toMatchObject({ teamId: desk.id, key: ticket.key, assigneeId: null });
    expectError(await api("GET", `/api/v1/tickets/${ticket.id}`, { token: agent.accessToken }), 404, "E_NOT_FOUND");
    expect((await api("GET", `/api/v1/tickets/${ticket.id}`, { token: outsider.accessToken })).status).toBe(200);
  });
});

describe("assigning", () => {
  it("assigns a member, records it, and unassigns with null", async () => {
    const ticket = await fileTicket(requester, ops.id);
    const res = await api("POST", `/api/v1/tickets/${ticket.id}/assign`, { token: manager.accessToken, body: { assigneeId: agent.user.id } });
    expect(res.json).toMatchObject({ assigneeId: agent.user.id, version: 2 });
    const back = await api("POST", `/api/v1/tickets/${ticket.id}/assign`, { token: agent.accessToken, body: { assigneeId: null } });
    expect(back.json.assigneeId).toBeNull();
    const actions = (await historyOf(admin, ticket.id)).filter((entry) => entry.action === "assigned");
    expect(actions.map((entry) => entry.to)).toEqual([{ assigneeId: agent.user.id }, { assigneeId: null }]);
  });

  it("refuses a non-member (400), a requester (403) and an unseen ticket (404)", async () => {
    const ticket = await fileTicket(requester, ops.id);
    expectError(await api("POST", `/api/v1/tickets/${ticket.id}/assign`, { token: admin.accessToken, body: { assigneeId: outsider.user.id } }), 400, "E_VALIDATION");
    expectError(await api("POST", `/api/v1/tickets/${ticket.id}/assign`, { token: requester.accessToken, body: { assigneeId: agent.user.id } }), 403, "E_FORBIDDEN");
    expectError(await api("POST", `/api/v1/tickets/${ticket.id}/assign`, { token: outsider.accessToken, body: { assigneeId: outsider.user.id } }), 404, "E_NOT_FOUND");
  });
});

describe("deleting", () => {
  it("lets managers delete (204, then 404) and refuses agents", async () => {
    const ticket = await fileTicket(requester, ops.id);
    expectError(await api("DELETE", `/api/v1/tickets/${ticket.id}`, { token: agent.accessToken }), 403, "E_FORBIDDEN");
    expectError(await api("DELETE", `/api/v1/tickets/${ticket.id}`, { token: foreign.accessToken }), 404, "E_NOT_FOUND");
    expect((await api("DELETE", `/api/v1/tickets/${ticket.id}`, { token: manager.accessToken })).status).toBe(204);
    expectError(await api("GET", `/api/v1/tickets/${ticket.id}`, { token: manager.accessToken }), 404, "E_NOT_FOUND");
    expectError(await api("DELETE", `/api/v1/tickets/${ticket.id}`, { token: manager.accessToken }), 404, "E_NOT_FOUND");
  });

  it("keeps a team that still has tickets", async () => {
    const team = await createTeam(admin, "KEEP");
    await fileTicket(admin, team.id);
    expectError(await api("DELETE", `/api/v1/teams/${team.id}`, { token: admin.accessToken }), 409, "E_TEAM_HAS_TICKETS");
  });
});

describe("a token whose account changed since it was issued", () => {
  it("reads nothing once the account is deactivated", async () => {
    const leaver = await createUser(admin, "manager");
    const before = await fileTicket(admin, ops.id);
    expect((await api("DELETE", `/api/v1/users/${leaver.user.id}`, { token: admin.accessToken })).status).toBe(204);
    const res = expectError(await api("GET", "/api/v1/tickets", { token: leaver.accessToken }), 401, "E_UNAUTHORIZED");
    expect(res).not.toHaveProperty("items");
    // An empty page carries no answer about the account: it is checked on its own.
    expectError(await api("GET", `/api/v1/tickets?teamId=${crypto.randomUUID()}`, { token: leaver.accessToken }), 401, "E_UNAUTHORIZED");
    expectError(await api("POST", "/api/v1/tickets", { token: leaver.accessToken, body: { title: "x", priority: "P3", teamId: ops.id } }), 401, "E_UNAUTHORIZED");
    // The refused create moved no counter: the next ticket takes the very next number.
    const after = await fileTicket(admin, ops.id);
    expect(Number(after.key.split("-")[1])).toBe(Number(before.key.split("-")[1]) + 1);
  });

  it("answers a read made with an outdated role 401, and a write acts with the current role", async () => {
    const changing = await createUser(admin, "manager");
    const ticket = await fileTicket(admin, ops.id);
    expect((await api("PATCH", `/api/v1/users/${changing.user.id}/role`, { token: admin.accessToken, body: { role: "agent" } })).status).toBe(200);
    expectError(await api("GET", `/api/v1/tickets/${ticket.id}`, { token: changing.accessToken }), 401, "E_UNAUTHORIZED");
    expectError(await api("GET", "/api/v1/tickets", { token: changing.accessToken }), 401, "E_UNAUTHORIZED");
    expectError(await api("DELETE", `/api/v1/tickets/${ticket.id}`, { token: changing.accessToken }), 403, "E_FORBIDDEN");
    const created = await api("POST", "/api/v1/tickets", { token: changing.accessToken, body: { title: "Stale role", priority: "P3", teamId: ops.id } });
    expectError(created, 401, "E_UNAUTHORIZED");
    expect((await api("GET", "/api/v1/tickets?q=Stale", { token: admin.accessToken })).json.items).toEqual([]);
  });
});
