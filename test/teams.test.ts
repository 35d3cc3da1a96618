import { beforeAll, describe, expect, it } from "vitest";
import { api, createUser, expectError, registerOrg, type Session } from "./helpers";
import { sortedBy, walkList } from "./list-walk";

const TEAMS = "/api/v1/teams";

let admin: Session;
let manager: Session;
let agent: Session;
let requester: Session;

beforeAll(async () => {
  admin = await registerOrg("Teams Inc");
  [manager, agent, requester] = await Promise.all([createUser(admin, "manager"), createUser(admin, "agent"), createUser(admin, "requester")]);
});

/** A random key of eight capitals: a clash between two tests would take 26^8 bad luck. */
function freshKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) => String.fromCharCode(65 + (byte % 26))).join("");
}

async function createTeam(session: Session, body: Record<string, unknown> = {}) {
  const res = await api("POST", TEAMS, { token: session.accessToken, body: { name: "Operations", key: freshKey(), ...body } });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: string; key: string; members: { userId: string; skills: string[]; available: boolean }[] };
}

function putMember(session: Session, teamId: string, userId: string, body: unknown) {
  return api("PUT", `${TEAMS}/${teamId}/members/${userId}`, { token: session.accessToken, body });
}

function issuePaths(res: Awaited<ReturnType<typeof api>>) {
  return expectError(res, 400, "E_VALIDATION").details.issues!.map((issue) => issue.path);
}

describe("POST /teams", () => {
  it("creates a team for admins and managers", async () => {
    for (const caller of [admin, manager]) {
      const key = freshKey();
      const res = await api("POST", TEAMS, { token: caller.accessToken, body: { name: "Network", key } });
      expect(res.status, res.text).toBe(201);
      expect(res.json).toEqual({
        id: expect.any(String),
        name: "Network",
        key,
        autoAssign: false,
        members: [],
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
    }
    expect((await createTeam(admin, { autoAssign: true })) as unknown).toMatchObject({ autoAssign: true });
  });

  it("refuses a key that is not 2–10 capital letters, naming `key`", async () => {
    for (const key of ["O", "ops", "Ops", "OPS1", "OP-S", "ABCDEFGHIJK", "", 12]) {
      expect(issuePaths(await api("POST", TEAMS, { token: admin.accessToken, body: { name: "Bad", key } })), String(key)).toEqual(["key"]);
    }
  });

  it("refuses a key the organization already uses, but not one another organization uses", async () => {
    const team = await createTeam(admin);
    const res = await api("POST", TEAMS, { token: manager.accessToken, body: { name: "Copy", key: team.key } });
    expect(expectError(res, 409, "E_TEAM_KEY_TAKEN").details).toEqual({ key: team.key });
    const other = await registerOrg("Other keys");
    expect((await api("POST", TEAMS, { token: other.accessToken, body: { name: "Same", key: team.key } })).status).toBe(201);
  });

  it("names missing, unknown and wrongly typed fields", async () => {
    expect(issuePaths(await api("POST", TEAMS, { token: admin.accessToken, body: {} })).sort()).toEqual(["key", "name"]);
    expect(issuePaths(await api("POST", TEAMS, { token: admin.accessToken, body: { name: "X", key: "XY", calendarId: "c", orgId: "o" } })).sort()).toEqual([
      "calendarId",
      "orgId",
    ]);
    expect(issuePaths(await api("POST", TEAMS, { token: admin.accessToken, body: { name: "X", key: "XY", autoAssign: "yes" } }))).toEqual(["autoAssign"]);
  });

  it("is for admins and managers only", async () => {
    expectError(await api("POST", TEAMS, { body: { name: "X", key: freshKey() } }), 401, "E_UNAUTHORIZED");
    for (const caller of [agent, requester]) {
      expectError(await api("POST", TEAMS, { token: caller.accessToken, body: { name: "X", key: freshKey() } }), 403, "E_FORBIDDEN");
    }
  });
});

describe("GET /teams/{id}", () => {
  it("shows members to staff and hides them from requesters", async () => {
    const team = await createTeam(manager);
    expect((await putMember(manager, team.id, agent.user.id, { skills: ["vpn"], available: true })).status).toBe(200);
    for (const caller of [admin, manager, agent]) {
      const res = await api("GET", `${TEAMS}/${team.id}`, { token: caller.accessToken });
      expect(res.status, res.text).toBe(200);
      expect(res.json.members).toEqual([
        { userId: agent.user.id, name: "agent person", email: agent.user.email, role: "agent", skills: ["vpn"], available: true, maxActive: null },
      ]);
    }
    const seen = await api("GET", `${TEAMS}/${team.id}`, { token: requester.accessToken });
    expect(seen.status, seen.text).toBe(200);
    expect(seen.json).toMatchObject({ id: team.id, key: team.key });
    expect(seen.json).not.toHaveProperty("members");
  });

  it("answers 401 without a token and 404 for an unknown id", async () => {
    const team = await createTeam(admin);
    expectError(await api("GET", `${TEAMS}/${team.id}`), 401, "E_UNAUTHORIZED");
    expectError(await api("GET", `${TEAMS}/no-such-team`, { token: admin.accessToken }), 404, "E_NOT_FOUND");
  });
});

describe("PATCH /teams/{id}", () => {
  it("changes name, key and autoAssign", async () => {
    const team = await createTeam(admin);
    const key = freshKey();
    const res = await api("PATCH", `${TEAMS}/${team.id}`, { token: manager.accessToken, body: { name: "Renamed", key, autoAssign: true } });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ id: team.id, name: "Renamed", key, autoAssign: true, members: [] });
  });

  it("refuses a taken key, a bad key, unknown fields and the wrong roles", async () => {
    const [team, other] = [await createTeam(admin), await createTeam(admin)];
    const path = `${TEAMS}/${team.id}`;
    expectError(await api("PATCH", path, { token: admin.accessToken, body: { key: other.key } }), 409, "E_TEAM_KEY_TAKEN");
    expect(issuePaths(await api("PATCH", path, { token: admin.accessToken, body: { key: "lower" } }))).toEqual(["key"]);
    expect(issuePaths(await api("PATCH", path, { token: admin.accessToken, body: { id: "x" } }))).toEqual(["id"]);
    expectError(await api("PATCH", path, { body: { name: "X" } }), 401, "E_UNAUTHORIZED");
    for (const caller of [agent, requester]) expectError(await api("PATCH", path, { token: caller.accessToken, body: { name: "X" } }), 403, "E_FORBIDDEN");
    expectError(await api("PATCH", `${TEAMS}/no-such-team`, { token: admin.accessToken, body: { name: "X" } }), 404, "E_NOT_FOUND");
  });
});

describe("DELETE /teams/{id}", () => {
  it("deletes the team with its memberships, freeing its key", async () => {
    const team = await createTeam(admin);
    expect((await putMember(admin, team.id, agent.user.id, { skills: [], available: true })).status).toBe(200);
    const res = await api("DELETE", `${TEAMS}/${team.id}`, { token: manager.accessToken });
    expect(res.status, res.text).toBe(204);
    expectError(await api("GET", `${TEAMS}/${team.id}`, { token: admin.accessToken }), 404, "E_NOT_FOUND");
    expectError(await api("DELETE", `${TEAMS}/${team.id}`, { token: admin.accessToken }), 404, "E_NOT_FOUND");
    const again = await createTeam(admin, { key: team.key });
    expect(again.members).toEqual([]);
  });

  it("is for admins and managers only", async () => {
    const team = await createTeam(admin);
    expectError(await api("DELETE", `${TEAMS}/${team.id}`), 401, "E_UNAUTHORIZED");
    for (const caller of [agent, requester]) expectError(await api("DELETE", `${TEAMS}/${team.id}`, { token: caller.accessToken }), 403, "E_FORBIDDEN");
    expect((await api("GET", `${TEAMS}/${team.id}`, { token: admin.accessToken })).status).toBe(200);
  });
});

describe("PUT /teams/{id}/members/{userId}", () => {
  it("adds a member, then updates the same membership in place", async () => {
    const team = await createTeam(admin);
    const added = await putMember(manager, team.id, manager.user.id, { skills: [" network ", "billing", "network"], available: true });
    expect(added.status, added.text).toBe(200);
    expect(added.json.members).toEqual([expect.objectContaining({ userId: manager.user.id, role: "manager", skills: ["network", "billing"], available: true })]);

    const updated = await putMember(admin, team.id, manager.user.id, { skills: ["vpn"], available: false });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.json.members).toEqual([expect.objectContaining({ userId: manager.user.id, skills: ["vpn"], available: false })]);
  });

  it("takes admins, managers and agents but refuses requesters and deactivated users", async () => {
    const team = await createTeam(admin);
    for (const member of [admin, manager, agent]) expect((await putMember(admin, team.id, member.user.id, { skills: [], available: true })).status).toBe(200);
    const res = await putMember(admin, team.id, requester.user.id, { skills: [], available: true });
    expect(expectError(res, 422, "E_INVALID_MEMBER").details).toMatchObject({ userId: requester.user.id, role: "requester" });

    const leaver = await createUser(admin, "agent");
    expect((await api("DELETE", `/api/v1/users/${leaver.user.id}`, { token: admin.accessToken })).status).toBe(204);
    expectError(await putMember(admin, team.id, leaver.user.id, { skills: [], available: true }), 422, "E_INVALID_MEMBER");
    expectError(await putMember(admin, team.id, "no-such-user", { skills: [], available: true }), 404, "E_NOT_FOUND");
    expectError(await putMember(admin, "no-such-team", agent.user.id, { skills: [], available: true }), 404, "E_NOT_FOUND");
  });

  it("no longer lists a member once their account is deactivated, and lists them again when reactivated", async () => {
    const team = await createTeam(admin);
    const member = await createUser(admin, "agent");
    expect((await putMember(admin, team.id, member.user.id, { skills: ["db"], available: true })).status).toBe(200);
    await api("DELETE", `/api/v1/users/${member.user.id}`, { token: admin.accessToken });
    expect((await api("GET", `${TEAMS}/${team.id}`, { token: admin.accessToken })).json.members).toEqual([]);
    await api("PATCH", `/api/v1/users/${member.user.id}`, { token: admin.accessToken, body: { active: true } });
    const back = await api("GET", `${TEAMS}/${team.id}`, { token: admin.accessToken });
    expect(back.json.members).toEqual([expect.objectContaining({ userId: member.user.id, skills: ["db"] })]);
  });

  it("validates skills and availability, naming each bad field", async () => {
    const team = await createTeam(admin);
    const path = (body: unknown) => putMember(admin, team.id, agent.user.id, body);
    expect(issuePaths(await path({})).sort()).toEqual(["available", "skills"]);
    expect(issuePaths(await path({ skills: ["ok", "", "x".repeat(51), 3], available: true })).sort()).toEqual(["skills.1", "skills.2", "skills.3"]);
    expect(issuePaths(await path({ skills: Array.from({ length: 51 }, (_, i) => `s${i}`), available: true }))).toEqual(["skills"]);
    expect(issuePaths(await path({ skills: "vpn", available: "yes", role: "lead" })).sort()).toEqual(["available", "role", "skills"]);
    const limits = await path({ skills: [...Array.from({ length: 49 }, (_, i) => `s${i}`), "x".repeat(50)], available: true });
    expect(limits.status, limits.text).toBe(200);
  });

  it("is for admins and managers only", async () => {
    const team = await createTeam(admin);
    const path = `${TEAMS}/${team.id}/members/${agent.user.id}`;
    expectError(await api("PUT", path, { body: { skills: [], available: true } }), 401, "E_UNAUTHORIZED");
    for (const caller of [agent, requester]) expectError(await putMember(caller, team.id, agent.user.id, { skills: [], available: true }), 403, "E_FORBIDDEN");
  });
});

describe("DELETE /teams/{id}/members/{userId}", () => {
  it("removes a member, and a second removal finds none", async () => {
    const team = await createTeam(admin);
    await putMember(admin, team.id, agent.user.id, { skills: [], available: true });
    await putMember(admin, team.id, manager.user.id, { skills: [], available: true });
    const path = `${TEAMS}/${team.id}/members/${agent.user.id}`;
    expectError(await api("DELETE", path), 401, "E_UNAUTHORIZED");
    for (const caller of [agent, requester]) expectError(await api("DELETE", path, { token: caller.accessToken }), 403, "E_FORBIDDEN");

    const res = await api("DELETE", path, { token: manager.accessToken });
    expect(res.status, res.text).toBe(204);
    const after = await api("GET", `${TEAMS}/${team.id}`, { token: admin.accessToken });
    expect(after.json.members.map((m: { userId: string }) => m.userId)).toEqual([manager.user.id]);
    expectError(await api("DELETE", path, { token: manager.accessToken }), 404, "E_NOT_FOUND");
    expectError(await api("DELETE", `${TEAMS}/no-such-team/members/${manager.user.id}`, { token: admin.accessToken }), 404, "E_NOT_FOUND");
  });
});

describe("GET /teams", () => {
  let org: Session;
  let staff: Session;
  let customer: Session;

  beforeAll(async () => {
    org = await registerOrg("Many teams");
    [staff, customer] = await Promise.all([createUser(org, "agent"), createUser(org, "requester")]);
    // More teams than D1 binds parameters, so a per-page IN list of ids would fail.
    const names = Array.from({ length: 120 }, (_, i) => `team ${String((i * 37) % 120).padStart(3, "0")}`);
    for (const [i, name] of names.entries()) {
      const team = await createTeam(org, { name, key: `T${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}` });
      if (i % 10 === 0) expect((await putMember(org, team.id, staff.user.id, { skills: [`s${i}`], available: true })).status).toBe(200);
    }
  });

  it("lists up to 200 teams on one page, each with its own members", async () => {
    const res = await api("GET", `${TEAMS}?limit=200`, { token: staff.accessToken });
    expect(res.status, res.text).toBe(200);
    expect(res.json.items).toHaveLength(120);
    expect(res.json.nextCursor).toBeNull();
    const withMembers = res.json.items.filter((team: { members: unknown[] }) => team.members.length > 0);
    expect(withMembers).toHaveLength(12);
    for (const team of withMembers) expect(team.members).toEqual([expect.objectContaining({ userId: staff.user.id, skills: [expect.stringMatching(/^s\d+$/)] })]);
  });

  it.each(["name", "key", "createdAt"] as const)("walks every team exactly once, in order, by %s in both directions", async (field) => {
    const all = (await walkList<Record<string, string>>(`${TEAMS}?limit=200`, org.accessToken)).items;
    const key = (team: Record<string, string>) => (field === "key" ? team.key! : `${team[field]}|${team.id}`);
    for (const descending of [false, true]) {
      const walked = await walkList<Record<string, string>>(`${TEAMS}?limit=25&sort=${descending ? "-" : ""}${field}`, org.accessToken);
      expect(walked.pages).toBe(5);
      expect(new Set(walked.items.map((team) => team.id)).size).toBe(120);
      expect(walked.items.map(key)).toEqual(sortedBy(all.map(key), descending));
    }
  });

  it("shows requesters the teams without members", async () => {
    const res = await api("GET", `${TEAMS}?limit=200`, { token: customer.accessToken });
    expect(res.status, res.text).toBe(200);
    expect(res.json.items).toHaveLength(120);
    expect(res.json.items.some((team: object) => "members" in team)).toBe(false);
  });

  it("answers 401 without a token and refuses a malformed cursor, a bad sort or limit", async () => {
    expectError(await api("GET", TEAMS), 401, "E_UNAUTHORIZED");
    expect(issuePaths(await api("GET", `${TEAMS}?cursor=%%%`, { token: org.accessToken }))).toEqual(["cursor"]);
    expect(issuePaths(await api("GET", `${TEAMS}?sort=-members`, { token: org.accessToken }))).toEqual(["sort"]);
    expect(issuePaths(await api("GET", `${TEAMS}?limit=500`, { token: org.accessToken }))).toEqual(["limit"]);
  });
});
