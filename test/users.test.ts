import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { api, createUser, expectError, PASSWORD, registerOrg, uniqueEmail, type Session } from "./helpers";
import { sortedBy, walkList } from "./list-walk";

const USERS = "/api/v1/users";

let admin: Session;
let manager: Session;
let agent: Session;
let requester: Session;

beforeAll(async () => {
  admin = await registerOrg("Users Inc");
  [manager, agent, requester] = await Promise.all([createUser(admin, "manager"), createUser(admin, "agent"), createUser(admin, "requester")]);
});

function newUser(overrides: Record<string, unknown> = {}) {
  return { email: uniqueEmail("new"), name: "Nia New", password: PASSWORD, role: "agent", ...overrides };
}

function issuePaths(res: Awaited<ReturnType<typeof api>>) {
  return expectError(res, 400, "E_VALIDATION").details.issues!.map((issue) => issue.path);
}

function login(email: string) {
  return api("POST", "/api/v1/auth/login", { body: { email, password: PASSWORD } });
}

describe("POST /users", () => {
  it("creates a user in the admin's organization who can then sign in", async () => {
    const body = newUser({ email: uniqueEmail("Mixed").replace("mixed", "MiXeD"), role: "manager" });
    const res = await api("POST", USERS, { token: admin.accessToken, body });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toEqual({
      id: expect.any(String),
      orgId: admin.user.orgId,
      email: body.email.toLowerCase(),
      name: "Nia New",
      role: "manager",
      active: true,
      timezone: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const session = await login(body.email);
    expect(session.status, session.text).toBe(200);
    expect(session.json.user).toMatchObject({ id: res.json.id, role: "manager" });
  });

  it("refuses a taken email, in any case and from any organization", async () => {
    expectError(await api("POST", USERS, { token: admin.accessToken, body: newUser({ email: agent.user.email.toUpperCase() }) }), 409, "E_EMAIL_TAKEN");
    const other = await registerOrg("Elsewhere");
    expectError(await api("POST", USERS, { token: other.accessToken, body: newUser({ email: agent.user.email }) }), 409, "E_EMAIL_TAKEN");
  });

  it("is for admins only", async () => {
    expectError(await api("POST", USERS, { body: newUser() }), 401, "E_UNAUTHORIZED");
    for (const caller of [manager, agent, requester]) {
      expectError(await api("POST", USERS, { token: caller.accessToken, body: newUser() }), 403, "E_FORBIDDEN");
    }
  });

  it("names each missing, unknown or wrongly typed field", async () => {
    expect(issuePaths(await api("POST", USERS, { token: admin.accessToken, body: {} }))).toEqual(
      expect.arrayContaining(["email", "name", "password", "role"]),
    );
    expect(issuePaths(await api("POST", USERS, { token: admin.accessToken, body: newUser({ active: false, orgId: "x" }) }))).toEqual(
      expect.arrayContaining(["active", "orgId"]),
    );
    const wrong = await api("POST", USERS, { token: admin.accessToken, body: newUser({ email: "not-an-email", role: "owner", name: 7, password: "short" }) });
    expect(issuePaths(wrong).sort()).toEqual(["email", "name", "password", "role"]);
  });
});

describe("GET /users/{id}", () => {
  it("answers admins and managers", async () => {
    for (const caller of [admin, manager]) {
      const res = await api("GET", `${USERS}/${agent.user.id}`, { token: caller.accessToken });
      expect(res.status, res.text).toBe(200);
      expect(res.json).toMatchObject({ id: agent.user.id, email: agent.user.email, role: "agent", active: true });
      expect(res.json).not.toHaveProperty("passwordHash");
    }
  });

  it("refuses agents, requesters and strangers, and knows no unknown id", async () => {
    expectError(await api("GET", `${USERS}/${agent.user.id}`), 401, "E_UNAUTHORIZED");
    for (const caller of [agent, requester]) expectError(await api("GET", `${USERS}/${admin.user.id}`, { token: caller.accessToken }), 403, "E_FORBIDDEN");
    expectError(await api("GET", `${USERS}/no-such-user`, { token: admin.accessToken }), 404, "E_NOT_FOUND");
  });
});

describe("PATCH /users/{id}", () => {
  it("changes name and email", async () => {
    const user = await createUser(admin, "agent");
    const email = uniqueEmail("renamed");
    const res = await api("PATCH", `${USERS}/${user.user.id}`, { token: admin.accessToken, body: { name: "Renamed", email } });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ id: user.user.id, name: "Renamed", email, role: "agent" });
    expect(res.json.updatedAt >= res.json.createdAt).toBe(true);
    expect((await login(email)).status).toBe(200);
  });

  it("refuses an email another user has", async () => {
    expectError(await api("PATCH", `${USERS}/${agent.user.id}`, { token: admin.accessToken, body: { email: manager.user.email } }), 409, "E_EMAIL_TAKEN");
  });

  it("refuses fields it does not own, bad values and non-admins", async () => {
    const path = `${USERS}/${agent.user.id}`;
    expect(issuePaths(await api("PATCH", path, { token: admin.accessToken, body: { role: "admin", passwordHash: "x" } })).sort()).toEqual([
      "passwordHash",
      "role",
    ]);
    expect(issuePaths(await api("PATCH", path, { token: admin.accessToken, body: { name: "", active: "no" } })).sort()).toEqual(["active", "name"]);
    expectError(await api("PATCH", path, { body: { name: "X" } }), 401, "E_UNAUTHORIZED");
    expectError(await api("PATCH", path, { token: manager.accessToken, body: { name: "X" } }), 403, "E_FORBIDDEN");
    expectError(await api("PATCH", `${USERS}/no-such-user`, { token: admin.accessToken, body: { name: "X" } }), 404, "E_NOT_FOUND");
  });
});

describe("PATCH /users/{id}/role", () => {
  it("changes the role: the old token's reads answer 401 until a refresh brings the new role", async () => {
    const user = await createUser(admin, "agent");
    expectError(await api("GET", USERS, { token: user.accessToken }), 403, "E_FORBIDDEN");
    const res = await api("PATCH", `${USERS}/${user.user.id}/role`, { token: admin.accessToken, body: { role: "manager" } });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ id: user.user.id, role: "manager" });
    expectError(await api("GET", USERS, { token: user.accessToken }), 401, "E_UNAUTHORIZED");
    // Its own profile too, which reads the very row the account check asks.
    const me = expectError(await api("GET", "/api/v1/auth/me", { token: user.accessToken }), 401, "E_UNAUTHORIZED");
    expect(me.message).toBe("Your role has changed; refresh your session.");
    const refreshed = await api("POST", "/api/v1/auth/refresh", { body: { refreshToken: user.refreshToken } });
    expect(refreshed.status, refreshed.text).toBe(200);
    expect((await api("GET", USERS, { token: refreshed.json.accessToken })).status).toBe(200);
    expect((await api("GET", "/api/v1/auth/me", { token: refreshed.json.accessToken })).json).toMatchObject({ role: "manager" });
  });

  it("refuses a bad role, a missing role, extra fields and non-admins", async () => {
    const path = `${USERS}/${agent.user.id}/role`;
    expect(issuePaths(await api("PATCH", path, { token: admin.accessToken, body: { role: "owner" } }))).toEqual(["role"]);
    expect(issuePaths(await api("PATCH", path, { token: admin.accessToken, body: {} }))).toEqual(["role"]);
    expect(issuePaths(await api("PATCH", path, { token: admin.accessToken, body: { role: "agent", name: "X" } }))).toEqual(["name"]);
    expectError(await api("PATCH", path, { body: { role: "agent" } }), 401, "E_UNAUTHORIZED");
    for (const caller of [manager, agent]) expectError(await api("PATCH", path, { token: caller.accessToken, body: { role: "admin" } }), 403, "E_FORBIDDEN");
  });
});

describe("DELETE /users/{id} (deactivation)", () => {
  it("ends the user's sessions at once, refuses their sign-in, and can be undone", async () => {
    const user = await createUser(admin, "manager");
    expect((await api("GET", USERS, { token: user.accessToken })).status).toBe(200);

    const res = await api("DELETE", `${USERS}/${user.user.id}`, { token: admin.accessToken });
    expect(res.status, res.text).toBe(204);
    expect(res.text).toBe("");

    expectError(await api("GET", USERS, { token: user.accessToken }), 401, "E_UNAUTHORIZED");
    expectError(await login(user.user.email), 401, "E_INVALID_CREDENTIALS");
    expectError(await api("POST", "/api/v1/auth/refresh", { body: { refreshToken: user.refreshToken } }), 401, "E_INVALID_REFRESH_TOKEN");
    const read = await api("GET", `${USERS}/${user.user.id}`, { token: admin.accessToken });
    expect(read.json).toMatchObject({ active: false });

    const back = await api("PATCH", `${USERS}/${user.user.id}`, { token: admin.accessToken, body: { active: true } });
    expect(back.status, back.text).toBe(200);
    expect(back.json).toMatchObject({ active: true });
    expect((await login(user.user.email)).status).toBe(200);
  });

  it("deactivates through PATCH {active: false} the same way", async () => {
    const user = await createUser(admin, "agent");
    const res = await api("PATCH", `${USERS}/${user.user.id}`, { token: admin.accessToken, body: { active: false } });
    expect(res.json).toMatchObject({ active: false });
    expectError(await api("GET", "/api/v1/auth/me", { token: user.accessToken }), 401, "E_UNAUTHORIZED");
    expectError(await api("POST", "/api/v1/auth/refresh", { body: { refreshToken: user.refreshToken } }), 401, "E_INVALID_REFRESH_TOKEN");
  });

  it("is for admins only", async () => {
    const path = `${USERS}/${agent.user.id}`;
    expectError(await api("DELETE", path), 401, "E_UNAUTHORIZED");
    for (const caller of [manager, agent, requester]) expectError(await api("DELETE", path, { token: caller.accessToken }), 403, "E_FORBIDDEN");
    expectError(await api("DELETE", `${USERS}/no-such-user`, { token: admin.accessToken }), 404, "E_NOT_FOUND");
    expect((await api("GET", "/api/v1/auth/me", { token: agent.accessToken })).status).toBe(200);
  });
});

describe("the last active admin", () => {
  it("can be neither demoted nor deactivated, by any route", async () => {
    const solo = await registerOrg("Solo");
    const path = `${USERS}/${solo.user.id}`;
    expectError(await api("PATCH", `${path}/role`, { token: solo.accessToken, body: { role: "manager" } }), 409, "E_LAST_ADMIN");
    expectError(await api("DELETE", path, { token: solo.accessToken }), 409, "E_LAST_ADMIN");
    expectError(await api("PATCH", path, { token: solo.accessToken, body: { active: false } }), 409, "E_LAST_ADMIN");
    const me = await api("GET", "/api/v1/auth/me", { token: solo.accessToken });
    expect(me.json).toMatchObject({ role: "admin", active: true });
    expect((await api("POST", "/api/v1/auth/refresh", { body: { refreshToken: solo.refreshToken } })).status).toBe(200);
  });

  it("may step down once another active admin exists, and a deactivated admin does not count", async () => {
    const first = await registerOrg("Pair");
    const second = await createUser(first, "admin");
    const third = await createUser(first, "admin");
    expect((await api("DELETE", `${USERS}/${third.user.id}`, { token: first.accessToken })).status).toBe(204);

    const demoted = await api("PATCH", `${USERS}/${first.user.id}/role`, { token: first.accessToken, body: { role: "agent" } });
    expect(demoted.status, demoted.text).toBe(200);
    expect(demoted.json.role).toBe("agent");
    expectError(await api("PATCH", `${USERS}/${second.user.id}/role`, { token: second.accessToken, body: { role: "manager" } }), 409, "E_LAST_ADMIN");
    expectError(await api("DELETE", `${USERS}/${second.user.id}`, { token: second.accessToken }), 409, "E_LAST_ADMIN");
  });

  it("survives two admins demoting each other at the same moment", async () => {
    const first = await registerOrg("Race");
    const second = await createUser(first, "admin");
    const results = await Promise.all([
      api("PATCH", `${USERS}/${second.user.id}/role`, { token: first.accessToken, body: { role: "agent" } }),
      api("PATCH", `${USERS}/${first.user.id}/role`, { token: second.accessToken, body: { role: "agent" } }),
    ]);
    // The loser is refused by the guard (409) or, if the winner finished first, by its lost role (403).
    const [won, lost] = [...results].sort((x, y) => x.status - y.status);
    expect(won!.status, won!.text).toBe(200);
    expect([403, 409]).toContain(lost!.status);
    const admins = await env.DB.prepare("SELECT count(*) AS n FROM users WHERE org_id = ? AND role = 'admin' AND active = 1")
      .bind(first.user.orgId)
      .first<{ n: number }>();
    expect(admins?.n).toBe(1);
  });
});

describe("GET /users", () => {
  let org: Session;
  let everyone: { id: string; name: string; email: string; createdAt: string }[];

  beforeAll(async () => {
    org = await registerOrg("Paged");
    const names = ["delta", "alpha", "echo", "charlie", "bravo", "alpha", "foxtrot"];
    for (const [i, name] of names.entries()) {
      const res = await api("POST", USERS, { token: org.accessToken, body: newUser({ name, role: i % 2 ? "agent" : "requester" }) });
      expect(res.status, res.text).toBe(201);
    }
    everyone = (await walkList<(typeof everyone)[number]>(`${USERS}?limit=200`, org.accessToken)).items;
    expect(everyone).toHaveLength(names.length + 1);
  });

  it.each([
    ["createdAt", (u: (typeof everyone)[number]) => `${u.createdAt}|${u.id}`],
    ["name", (u: (typeof everyone)[number]) => `${u.name}|${u.id}`],
    ["email", (u: (typeof everyone)[number]) => u.email],
  ] as const)("walks every user exactly once, in order, by %s in both directions", async (field, key) => {
    for (const descending of [false, true]) {
      const walked = await walkList<(typeof everyone)[number]>(`${USERS}?limit=3&sort=${descending ? "-" : ""}${field}`, org.accessToken);
      expect(walked.pages).toBe(3);
      expect(new Set(walked.items.map((u) => u.id)).size).toBe(everyone.length);
      expect(walked.items.map(key)).toEqual(sortedBy(everyone.map(key), descending));
    }
  });

  it("filters by role and by active", async () => {
    const agents = await walkList<{ role: string }>(`${USERS}?role=agent`, org.accessToken);
    expect(agents.items.length).toBe(3);
    expect(agents.items.every((u) => u.role === "agent")).toBe(true);

    const target = everyone.find((u) => u.name === "echo")!;
    expect((await api("DELETE", `${USERS}/${target.id}`, { token: org.accessToken })).status).toBe(204);
    const inactive = await walkList<{ id: string }>(`${USERS}?active=false`, org.accessToken);
    expect(inactive.items.map((u) => u.id)).toEqual([target.id]);
    const active = await walkList<{ id: string }>(`${USERS}?active=true`, org.accessToken);
    expect(active.items).toHaveLength(everyone.length - 1);
  });

  it("answers managers but not agents or requesters", async () => {
    expect((await api("GET", USERS, { token: manager.accessToken })).status).toBe(200);
    expectError(await api("GET", USERS), 401, "E_UNAUTHORIZED");
    for (const caller of [agent, requester]) expectError(await api("GET", USERS, { token: caller.accessToken }), 403, "E_FORBIDDEN");
  });

  it("refuses a malformed cursor, a bad limit, sort or filter, and unknown parameters", async () => {
    expect(issuePaths(await api("GET", `${USERS}?cursor=not-a-cursor`, { token: admin.accessToken }))).toEqual(["cursor"]);
    expect(issuePaths(await api("GET", `${USERS}?cursor=${btoa("[1]")}`, { token: admin.accessToken }))).toEqual(["cursor"]);
    for (const limit of ["0", "201", "ten", "1.5"]) expect(issuePaths(await api("GET", `${USERS}?limit=${limit}`, { token: admin.accessToken }))).toEqual(["limit"]);
    expect(issuePaths(await api("GET", `${USERS}?sort=password`, { token: admin.accessToken }))).toEqual(["sort"]);
    expect(issuePaths(await api("GET", `${USERS}?role=owner&active=yes`, { token: admin.accessToken })).sort()).toEqual(["active", "role"]);
    expect(issuePaths(await api("GET", `${USERS}?orgId=x`, { token: admin.accessToken }))).toEqual(["orgId"]);
  });
});
