import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { api, expectError, registerOrg, type Session } from "./helpers";
import { officeCalendar, rolesOrg } from "./sla-fixtures";

const POLICIES = "/api/v1/sla/policies";
const CONFIG = "/api/v1/sla/config";

let admin: Session;
let manager: Session;
let agent: Session;
let requester: Session;
let stranger: Session;
let calendarId: string;

beforeAll(async () => {
  ({ admin, manager, agent, requester, stranger } = await rolesOrg("Config Inc"));
  calendarId = await officeCalendar(admin);
});

async function createPolicy(body: Record<string, unknown>) {
  const res = await api("POST", POLICIES, { token: admin.accessToken, body: { name: "A policy", responseMinutes: 30, resolutionMinutes: 240, ...body } });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: string };
}

async function config(session: Session) {
  const res = await api("GET", CONFIG, { token: session.accessToken });
  expect(res.status, res.text).toBe(200);
  return res.json.items as { id: string; priority: string; responseMinutes: number; resolutionMinutes: number }[];
}

function issuePaths(res: Awaited<ReturnType<typeof api>>) {
  return expectError(res, 400, "E_VALIDATION").details.issues!.map((issue) => issue.path);
}

describe("default policies", () => {
  it("are created with a new organization, one per priority", async () => {
    const fresh = await registerOrg("Brand new");
    const res = await api("GET", CONFIG, { token: fresh.accessToken });
    expect(res.status, res.text).toBe(200);
    const shape = (priority: string, responseMinutes: number, resolutionMinutes: number) => ({
      id: expect.any(String),
      name: `Default ${priority}`,
      priority,
      category: null,
      customer: null,
      responseMinutes,
      resolutionMinutes,
      calendarId: null,
      dueSoonMinutes: 60,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(res.json).toEqual({
      items: [shape("P1", 15, 240), shape("P2", 60, 480), shape("P3", 240, 1440), shape("P4", 1440, 7200)],
      nextCursor: null,
    });
  });

  it("are read by staff only", async () => {
    expect(await config(agent)).toHaveLength(4);
    expectError(await api("GET", CONFIG), 401, "E_UNAUTHORIZED");
    expectError(await api("GET", CONFIG, { token: requester.accessToken }), 403, "E_FORBIDDEN");
  });
});

describe("the last default policy of a priority", () => {
  it("can be neither deleted nor turned into a narrower policy or another priority's", async () => {
    const p1 = (await config(admin)).find((policy) => policy.priority === "P1")!;
    const path = `${POLICIES}/${p1.id}`;
    const refused = expectError(await api("DELETE", path, { token: admin.accessToken }), 409, "E_DEFAULT_POLICY");
    expect(refused.details).toEqual({ policyId: p1.id, priority: "P1" });
    const same = { name: "Default P1", priority: "P1", responseMinutes: 20, resolutionMinutes: 300 };
    for (const change of [{ category: "billing" }, { customer: "Acme" }, { priority: "P2" }]) {
      expectError(await api("PUT", path, { token: admin.accessToken, body: { ...same, ...change } }), 409, "E_DEFAULT_POLICY");
    }
    const kept = await api("PUT", path, { token: admin.accessToken, body: same });
    expect(kept.status, kept.text).toBe(200);
    expect((await config(admin)).find((policy) => policy.priority === "P1")).toMatchObject({ id: p1.id, responseMinutes: 20 });
  });

  it("may go once another default of its priority stands, which then takes over", async () => {
    const p3 = (await config(admin)).find((policy) => policy.priority === "P3")!;
    const second = await createPolicy({ name: "Second P3", priority: "P3", category: null, responseMinutes: 100, resolutionMinutes: 1000 });
    // The older default stays in force while both exist.
    expect((await config(admin)).find((policy) => policy.priority === "P3")!.id).toBe(p3.id);
    expect((await api("DELETE", `${POLICIES}/${p3.id}`, { token: admin.accessToken })).status).toBe(204);
    expect((await config(admin)).find((policy) => policy.priority === "P3")).toMatchObject({ id: second.id, responseMinutes: 100 });
    expectError(await api("DELETE", `${POLICIES}/${second.id}`, { token: admin.accessToken }), 409, "E_DEFAULT_POLICY");
  });
});

describe("PUT /sla/config/{priority}", () => {
  it("sets the targets of the priority's default policy", async () => {
    const before = (await config(admin)).find((policy) => policy.priority === "P4")!;
    const res = await api("PUT", `${CONFIG}/LOW`, { token: manager.accessToken, body: { responseMinutes: 120, resolutionMinutes: 2400, calendarId } });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ id: before.id, name: "Default P4", priority: "P4", responseMinutes: 120, resolutionMinutes: 2400, calendarId, dueSoonMinutes: 60 });
    expect((await config(agent)).find((policy) => policy.priority === "P4")).toEqual(res.json);
  });

  it("creates the default policy of a priority that has none (an organization seeded outside registration)", async () => {
    const bare = await registerOrg("Seeded elsewhere");
    await env.DB.prepare("DELETE FROM sla_policies WHERE org_id = ? AND priority = 'P2'").bind(bare.user.orgId).run();
    expect((await config(bare)).map((policy) => policy.priority)).toEqual(["P1", "P3", "P4"]);
    const res = await api("PUT", `${CONFIG}/P2`, { token: bare.accessToken, body: { responseMinutes: 45, resolutionMinutes: 450 } });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ name: "Default P2", priority: "P2", category: null, customer: null, responseMinutes: 45, calendarId: null, dueSoonMinutes: 60 });
    expect((await config(bare)).map((policy) => policy.priority)).toEqual(["P1", "P2", "P3", "P4"]);
  });

  it("refuses bad input and the wrong roles", async () => {
    const body = { responseMinutes: 10, resolutionMinutes: 100 };
    expect(issuePaths(await api("PUT", `${CONFIG}/P9`, { token: admin.accessToken, body }))).toEqual(["priority"]);
    expect(issuePaths(await api("PUT", `${CONFIG}/P1`, { token: admin.accessToken, body: { ...body, name: "x" } }))).toEqual(["name"]);
    expect(issuePaths(await api("PUT", `${CONFIG}/P1`, { token: admin.accessToken, body: { resolutionMinutes: 0 } })).sort()).toEqual([
      "resolutionMinutes",
      "responseMinutes",
    ]);
    expect(issuePaths(await api("PUT", `${CONFIG}/P1`, { token: stranger.accessToken, body: { ...body, calendarId } }))).toEqual(["calendarId"]);
    expectError(await api("PUT", `${CONFIG}/P1`, { body }), 401, "E_UNAUTHORIZED");
    for (const caller of [agent, requester]) expectError(await api("PUT", `${CONFIG}/P1`, { token: caller.accessToken, body }), 403, "E_FORBIDDEN");
  });
});

it("documents every SLA operation with bearer security", async () => {
  const res = await api("GET", "/openapi.json");
  const operations = [
    ["get", POLICIES],
    ["post", POLICIES],
    ["get", `${POLICIES}/{id}`],
    ["put", `${POLICIES}/{id}`],
    ["delete", `${POLICIES}/{id}`],
    ["get", CONFIG],
    ["put", `${CONFIG}/{priority}`],
    ["get", "/api/v1/calendars"],
    ["post", "/api/v1/calendars"],
    ["get", "/api/v1/calendars/{id}"],
    ["put", "/api/v1/calendars/{id}"],
    ["delete", "/api/v1/calendars/{id}"],
  ];
  for (const [method, path] of operations) {
    expect(res.json.paths[path!]?.[method!], `${method} ${path}`).toMatchObject({ summary: expect.any(String), security: [{ bearerAuth: [] }] });
  }
});
