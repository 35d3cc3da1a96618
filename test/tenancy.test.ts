import { beforeAll, describe, expect, it } from "vitest";
import { api, createUser, expectError, PASSWORD, registerOrg, uniqueEmail, type Session } from "./helpers";
import { walkList } from "./list-walk";

type Org = { admin: Session; manager: Session; agent: Session; teamId: string };

async function seedOrg(name: string, key: string): Promise<Org> {
  const admin = await registerOrg(name);
  const [manager, agent] = await Promise.all([createUser(admin, "manager"), createUser(admin, "agent")]);
  const team = await api("POST", "/api/v1/teams", { token: admin.accessToken, body: { name: `${name} ops`, key } });
  expect(team.status, team.text).toBe(201);
  const member = await api("PUT", `/api/v1/teams/${team.json.id}/members/${agent.user.id}`, { token: admin.accessToken, body: { skills: ["x"], available: true } });
  expect(member.status, member.text).toBe(200);
  return { admin, manager, agent, teamId: team.json.id };
}

let a: Org;
let b: Org;

beforeAll(async () => {
  // The same team key in both: keys are unique per organization, not globally.
  [a, b] = await Promise.all([seedOrg("Alpha", "OPS"), seedOrg("Beta", "OPS")]);
});

describe("another organization's objects do not exist for the caller", () => {
  it("answers 404, never 403, for every user route with an id of the other organization", async () => {
    for (const [from, to] of [[a, b], [b, a]] as const) {
      const token = from.admin.accessToken;
      for (const id of [to.admin.user.id, to.manager.user.id, to.agent.user.id]) {
        expectError(await api("GET", `/api/v1/users/${id}`, { token }), 404, "E_NOT_FOUND");
        expectError(await api("PATCH", `/api/v1/users/${id}`, { token, body: { name: "Taken over" } }), 404, "E_NOT_FOUND");
        expectError(await api("PATCH", `/api/v1/users/${id}`, { token, body: { active: true } }), 404, "E_NOT_FOUND");
        expectError(await api("PATCH", `/api/v1/users/${id}/role`, { token, body: { role: "requester" } }), 404, "E_NOT_FOUND");
        expectError(await api("DELETE", `/api/v1/users/${id}`, { token }), 404, "E_NOT_FOUND");
      }
      expectError(await api("GET", `/api/v1/users/${to.agent.user.id}`, { token: from.manager.accessToken }), 404, "E_NOT_FOUND");
    }
  });

  it("answers 404 for every team route with a team of the other organization", async () => {
    for (const [from, to] of [[a, b], [b, a]] as const) {
      const token = from.admin.accessToken;
      const team = `/api/v1/teams/${to.teamId}`;
      expectError(await api("GET", team, { token }), 404, "E_NOT_FOUND");
      expectError(await api("GET", team, { token: from.agent.accessToken }), 404, "E_NOT_FOUND");
      expectError(await api("PATCH", team, { token, body: { name: "Taken over" } }), 404, "E_NOT_FOUND");
      expectError(await api("PUT", `${team}/members/${from.agent.user.id}`, { token, body: { skills: [], available: true } }), 404, "E_NOT_FOUND");
      expectError(await api("PUT", `${team}/members/${to.agent.user.id}`, { token, body: { skills: [], available: true } }), 404, "E_NOT_FOUND");
      expectError(await api("DELETE", `${team}/members/${to.agent.user.id}`, { token }), 404, "E_NOT_FOUND");
      expectError(await api("DELETE", team, { token }), 404, "E_NOT_FOUND");
    }
  });

  it("will not add another organization's user to a team", async () => {
    const res = await api("PUT", `/api/v1/teams/${a.teamId}/members/${b.agent.user.id}`, { token: a.admin.accessToken, body: { skills: [], available: true } });
    expectError(res, 404, "E_NOT_FOUND");
    expectError(await api("DELETE", `/api/v1/teams/${a.teamId}/members/${b.agent.user.id}`, { token: a.admin.accessToken }), 404, "E_NOT_FOUND");
  });

  it("left everything of the other organization as it was", async () => {
    for (const org of [a, b]) {
      const users = await walkList<{ id: string; name: string; role: string; active: boolean }>("/api/v1/users", org.admin.accessToken);
      expect(users.items.map((u) => u.id).sort()).toEqual([org.admin.user.id, org.manager.user.id, org.agent.user.id].sort());
      expect(users.items.every((u) => u.active && u.name !== "Taken over")).toBe(true);
      const teams = await walkList<{ id: string; name: string; members: { userId: string }[] }>("/api/v1/teams", org.admin.accessToken);
      expect(teams.items).toEqual([expect.objectContaining({ id: org.teamId, members: [expect.objectContaining({ userId: org.agent.user.id })] })]);
      expect(teams.items[0]!.name).not.toBe("Taken over");
    }
  });

  it("creates users and teams only in the caller's organization", async () => {
    const created = await api("POST", "/api/v1/users", {
      token: a.admin.accessToken,
      body: { email: uniqueEmail("mine"), name: "Mine", password: PASSWORD, role: "agent" },
    });
    expect(created.json.orgId).toBe(a.admin.user.orgId);
    expectError(await api("GET", `/api/v1/users/${created.json.id}`, { token: b.admin.accessToken }), 404, "E_NOT_FOUND");
  });
});
