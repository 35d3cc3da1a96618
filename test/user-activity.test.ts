import { beforeAll, describe, expect, it } from "vitest";
import { api, expectError } from "./helpers";
import { reportOrg } from "./report-fixtures";
import { expectDocumented } from "./openapi-helpers";
import { fileTicket } from "./ticket-fixtures";

let org: Awaited<ReturnType<typeof reportOrg>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  org = await reportOrg("User Activity", "UTC");
  ids.assigned = (await fileTicket(org.agentA, org.teamA.id, { requesterId: org.requester.user.id, assigneeId: org.agentA.user.id, title: "Assigned to Ann" })).id;
  ids.requested = (await fileTicket(org.agentA, org.teamA.id, { requesterId: org.agentA.user.id, title: "Filed by Ann for herself" })).id;
  ids.other = (await fileTicket(org.agentB, org.teamB.id, { requesterId: org.requester.user.id, assigneeId: org.agentB.user.id, title: "Bob's" })).id;
});

const ticketsOf = (token: string, userId: string, query = "") => api("GET", `/api/v1/users/${userId}/tickets${query}`, { token });

describe("a user's tickets", () => {
  it("lists what the user is assigned or requested, to themself and to managers", async () => {
    for (const reader of [org.agentA, org.manager]) {
      const res = await ticketsOf(reader.accessToken, org.agentA.user.id);
      expect(res.status, res.text).toBe(200);
      expect(res.json.items.map((ticket: { id: string }) => ticket.id).sort()).toEqual([ids.assigned, ids.requested].sort());
    }
  });

  it("takes the list's filters and pages", async () => {
    const page = await ticketsOf(org.manager.accessToken, org.agentA.user.id, "?limit=1&sort=createdAt");
    expect(page.json.items.map((ticket: { id: string }) => ticket.id)).toEqual([ids.assigned]);
    const next = await ticketsOf(org.manager.accessToken, org.agentA.user.id, `?limit=1&sort=createdAt&cursor=${page.json.nextCursor}`);
    expect(next.json).toMatchObject({ items: [{ id: ids.requested }], nextCursor: null });
    const filtered = await ticketsOf(org.manager.accessToken, org.agentA.user.id, `?assigneeId=${org.agentA.user.id}`);
    expect(filtered.json.items.map((ticket: { id: string }) => ticket.id)).toEqual([ids.assigned]);
  });

  it("is refused to other users and missing across organizations", async () => {
    expectError(await ticketsOf(org.agentB.accessToken, org.agentA.user.id), 403, "E_FORBIDDEN");
    expectError(await ticketsOf(org.requester.accessToken, org.agentA.user.id), 403, "E_FORBIDDEN");
    const other = await reportOrg("Elsewhere Activity", "UTC");
    expectError(await ticketsOf(other.manager.accessToken, org.agentA.user.id), 404, "E_NOT_FOUND");
    expectError(await api("GET", `/api/v1/users/${org.agentA.user.id}/stats`, { token: other.manager.accessToken }), 404, "E_NOT_FOUND");
    expectError(await api("GET", `/api/v1/users/${org.agentA.user.id}/stats`, { token: org.agentB.accessToken }), 403, "E_FORBIDDEN");
  });
});

describe("a user's stats", () => {
  it("counts active tickets; nothing completed yet gives null rates", async () => {
    const res = await api("GET", `/api/v1/users/${org.agentA.user.id}/stats`, { token: org.agentA.accessToken });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ active: 1, resolved: 0, breachRate: null, medianResolutionMinutes: null });
    expectError(await api("GET", `/api/v1/users/${org.agentA.user.id}/stats?from=2026-02-31`, { token: org.agentA.accessToken }), 400, "E_VALIDATION");
  });
});

describe("OpenAPI", () => {
  it("describes every report with its JSON and CSV answers and its filters, and the user routes", async () => {
    const reports = ["overview", "risk-distribution", "workload", "sla-compliance", "agents", "aging", "trends", "violations"];
    const doc = await expectDocumented([
      ...reports.map((name) => ["get", `/api/v1/reports/${name}`] as const),
      ["get", "/api/v1/users/{id}/tickets"],
      ["get", "/api/v1/users/{id}/stats"],
    ]);
    for (const name of reports) {
      const operation = doc.paths[`/api/v1/reports/${name}`].get;
      expect(Object.keys(operation.responses["200"].content)).toEqual(["application/json", "text/csv"]);
      expect(operation.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(expect.arrayContaining(["teamId", "priority", "from", "to", "format"]));
      expect(operation.description).toContain("CSV columns");
    }
  });
});
