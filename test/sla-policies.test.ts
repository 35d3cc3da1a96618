import { beforeAll, describe, expect, it } from "vitest";
import { api, expectError, type Session } from "./helpers";
import { officeCalendar, rolesOrg } from "./sla-fixtures";

const POLICIES = "/api/v1/sla/policies";
const BASE = { name: "Billing", priority: "P2", category: "billing", responseMinutes: 30, resolutionMinutes: 240 };

let admin: Session;
let manager: Session;
let agent: Session;
let requester: Session;
let stranger: Session;
let calendarId: string;

beforeAll(async () => {
  ({ admin, manager, agent, requester, stranger } = await rolesOrg("Policies Inc"));
  calendarId = await officeCalendar(admin);
});

async function createPolicy(body: Record<string, unknown> = {}, session = admin) {
  const res = await api("POST", POLICIES, { token: session.accessToken, body: { ...BASE, ...body } });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: string; priority: string; createdAt: string };
}

function issuePaths(res: Awaited<ReturnType<typeof api>>) {
  return expectError(res, 400, "E_VALIDATION").details.issues!.map((issue) => issue.path);
}

describe("POST /sla/policies", () => {
  it("creates a policy with the defaults filled in; aliases and 24x7 are normalized", async () => {
    const res = await api("POST", POLICIES, { token: manager.accessToken, body: { ...BASE, priority: "HIGH", calendarId: "24x7" } });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toEqual({
      id: expect.any(String),
      ...BASE,
      customer: null,
      calendarId: null,
      dueSoonMinutes: 60,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const full = await createPolicy({ priority: "CRITICAL", customer: " Acme ", calendarId, dueSoonMinutes: 15 });
    expect(full).toMatchObject({ priority: "P1", customer: "Acme", calendarId, dueSoonMinutes: 15 });
  });

  it("refuses a calendar that is not the organization's, naming calendarId", async () => {
    expect(issuePaths(await api("POST", POLICIES, { token: admin.accessToken, body: { ...BASE, calendarId: "no-such-calendar" } }))).toEqual(["calendarId"]);
    const body = { ...BASE, calendarId };
    expect(issuePaths(await api("POST", POLICIES, { token: stranger.accessToken, body }))).toEqual(["calendarId"]);
  });

  it("names each bad field", async () => {
    const post = (body: Record<string, unknown>) => api("POST", POLICIES, { token: admin.accessToken, body: { ...BASE, ...body } });
    for (const responseMinutes of [0, -5, 1.5, "60", 365 * 24 * 60 + 1, null]) {
      expect(issuePaths(await post({ responseMinutes })), String(responseMinutes)).toEqual(["responseMinutes"]);
    }
    expect(issuePaths(await post({ resolutionMinutes: 0, dueSoonMinutes: 0 })).sort()).toEqual(["dueSoonMinutes", "resolutionMinutes"]);
    expect(issuePaths(await post({ priority: "P5" }))).toEqual(["priority"]);
    expect(issuePaths(await post({ category: "", customer: 7 })).sort()).toEqual(["category", "customer"]);
    expect(issuePaths(await post({ calendarId: 12 }))).toEqual(["calendarId"]);
    expect(issuePaths(await post({ orgId: "x", default: true })).sort()).toEqual(["default", "orgId"]);
    expect(issuePaths(await api("POST", POLICIES, { token: admin.accessToken, body: {} })).sort()).toEqual([
      "name",
      "priority",
      "resolutionMinutes",
      "responseMinutes",
    ]);
  });

  it("is for managers and admins only", async () => {
    expectError(await api("POST", POLICIES, { body: BASE }), 401, "E_UNAUTHORIZED");
    for (const caller of [agent, requester]) expectError(await api("POST", POLICIES, { token: caller.accessToken, body: BASE }), 403, "E_FORBIDDEN");
  });
});

describe("GET /sla/policies and /sla/policies/{id}", () => {
  it("lists the organization's policies for staff, filtered by priority", async () => {
    const policy = await createPolicy({ priority: "LOW", category: "hardware" });
    const res = await api("GET", `${POLICIES}?priority=P4&limit=200`, { token: agent.accessToken });
    expect(res.status, res.text).toBe(200);
    expect(res.json.items.every((item: { priority: string }) => item.priority === "P4")).toBe(true);
    expect(res.json.items.map((item: { id: string }) => item.id)).toContain(policy.id);
    const all = await api("GET", `${POLICIES}?limit=200`, { token: agent.accessToken });
    const priorities = all.json.items.map((item: { priority: string }) => item.priority);
    expect(priorities).toEqual([...priorities].sort());
    const one = await api("GET", `${POLICIES}/${policy.id}`, { token: agent.accessToken });
    expect(one.status, one.text).toBe(200);
    expect(one.json).toMatchObject({ id: policy.id, category: "hardware" });
  });

  it("answers 401, 403 for requesters and 404 across organizations", async () => {
    const policy = await createPolicy();
    expectError(await api("GET", POLICIES), 401, "E_UNAUTHORIZED");
    expectError(await api("GET", POLICIES, { token: requester.accessToken }), 403, "E_FORBIDDEN");
    expectError(await api("GET", `${POLICIES}/${policy.id}`, { token: requester.accessToken }), 403, "E_FORBIDDEN");
    expectError(await api("GET", `${POLICIES}/${policy.id}`, { token: stranger.accessToken }), 404, "E_NOT_FOUND");
    const theirs = await api("GET", `${POLICIES}?limit=200`, { token: stranger.accessToken });
    expect(theirs.json.items.map((item: { id: string }) => item.id)).not.toContain(policy.id);
  });
});

describe("PUT /sla/policies/{id}", () => {
  it("replaces the whole policy: absent optional fields take their defaults", async () => {
    const policy = await createPolicy({ customer: "Acme", calendarId, dueSoonMinutes: 10 });
    const body = { name: "Renamed", priority: "P3", category: "network", responseMinutes: 90, resolutionMinutes: 900 };
    const res = await api("PUT", `${POLICIES}/${policy.id}`, { token: manager.accessToken, body });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ id: policy.id, ...body, customer: null, calendarId: null, dueSoonMinutes: 60, createdAt: policy.createdAt });
  });

  it("refuses bad input, the wrong roles and other organizations", async () => {
    const policy = await createPolicy();
    const path = `${POLICIES}/${policy.id}`;
    expect(issuePaths(await api("PUT", path, { token: admin.accessToken, body: { ...BASE, id: "x" } }))).toEqual(["id"]);
    expect(issuePaths(await api("PUT", path, { token: admin.accessToken, body: { ...BASE, responseMinutes: 0 } }))).toEqual(["responseMinutes"]);
    expect(issuePaths(await api("PUT", path, { token: admin.accessToken, body: { ...BASE, calendarId: "nope" } }))).toEqual(["calendarId"]);
    expectError(await api("PUT", path, { body: BASE }), 401, "E_UNAUTHORIZED");
    for (const caller of [agent, requester]) expectError(await api("PUT", path, { token: caller.accessToken, body: BASE }), 403, "E_FORBIDDEN");
    expectError(await api("PUT", path, { token: stranger.accessToken, body: BASE }), 404, "E_NOT_FOUND");
  });
});

describe("DELETE /sla/policies/{id}", () => {
  it("deletes a policy, but 404 across organizations and 403 for agents", async () => {
    const policy = await createPolicy();
    const path = `${POLICIES}/${policy.id}`;
    expectError(await api("DELETE", path, { token: stranger.accessToken }), 404, "E_NOT_FOUND");
    for (const caller of [agent, requester]) expectError(await api("DELETE", path, { token: caller.accessToken }), 403, "E_FORBIDDEN");
    expect((await api("DELETE", path, { token: manager.accessToken })).status).toBe(204);
    expectError(await api("GET", path, { token: admin.accessToken }), 404, "E_NOT_FOUND");
    expectError(await api("DELETE", path, { token: admin.accessToken }), 404, "E_NOT_FOUND");
  });
});
