import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { api, createUser, fresh, PASSWORD, registerOrg, setClock, type Session } from "./helpers";
import { officeCalendar } from "./sla-fixtures";
import { addMember, createTeam, type Team } from "./ticket-fixtures";

const MINUTE = 60_000;
const T0 = Date.parse("2026-03-02T10:00:00.000Z");

let admin: Session;
let agent: Session;
let requester: Session;
let team: Team;

const read = async (session: Session, id: string) => (await api("GET", `/api/v1/tickets/${id}`, { token: (await fresh(session)).accessToken })).json;
const move = async (session: Session, id: string, status: string) => {
  const res = await api("PATCH", `/api/v1/tickets/${id}/status`, { token: (await fresh(session)).accessToken, body: { status } });
  expect(res.status, res.text).toBe(200);
  return res.json;
};
const file = async (priority: string, fields: Record<string, unknown> = {}) => {
  const res = await api("POST", "/api/v1/tickets", { token: (await fresh(requester)).accessToken, body: { title: "Mail is down", priority, teamId: team.id, ...fields } });
  expect(res.status, res.text).toBe(201);
  return res.json;
};

beforeAll(async () => {
  admin = await registerOrg("SLA Co");
  [agent, requester] = await Promise.all([createUser(admin, "agent"), createUser(admin, "requester")]);
  team = await createTeam(admin, "MAIL");
  await addMember(admin, team.id, agent.user.id);
});

afterEach(() => vi.useRealTimers());

describe("a new ticket under a policy with a business-hours calendar", () => {
  it("starts its clocks at the calendar's next opening and counts only its hours", async () => {
    // The policy and its calendar are read with the create's other reads; both have an id, a name
    // and an organization, which must not be taken for each other.
    const calendarId = await officeCalendar(await fresh(admin));
    const policy = await api("POST", "/api/v1/sla/policies", {
      token: (await fresh(admin)).accessToken,
      body: { name: "Payroll hours", priority: "P2", category: "payroll", responseMinutes: 30, resolutionMinutes: 600, calendarId },
    });
    expect(policy.status, policy.text).toBe(201);
    // Sunday noon; the office opens on Monday at 09:00 in Berlin (08:00Z) and closes at 17:00.
    setClock(Date.parse("2026-03-01T12:00:00Z"));
    const ticket = await file("P2", { category: "payroll" });
    expect(ticket.sla).toMatchObject({
      policyId: policy.json.id,
      response: { targetMinutes: 30, dueAt: "2026-03-02T08:30:00.000Z", state: "running" },
      // 480 minutes on Monday, then the next Monday's first 120.
      resolution: { targetMinutes: 600, dueAt: "2026-03-09T10:00:00.000Z", state: "running" },
    });
    // The list's risk filter reads the crossing instants stored at creation, from that calendar: no
    // warning on Sunday evening, as a 24x7 clock would have; one from 08:15Z on Monday (half of 30).
    const warned = async () => {
      const res = await api("GET", `/api/v1/tickets?risk=warning&teamId=${team.id}`, { token: (await fresh(admin)).accessToken });
      expect(res.status, res.text).toBe(200);
      return res.json.items.map((item: { id: string }) => item.id);
    };
    setClock(Date.parse("2026-03-01T20:00:00Z"));
    expect(await warned()).not.toContain(ticket.id);
    setClock(Date.parse("2026-03-02T08:16:00Z"));
    expect(await warned()).toContain(ticket.id);
  });
});

describe("the sla block of a ticket (default policies, 24x7)", () => {
  it("starts both clocks at creation with the priority's targets", async () => {
    setClock(T0);
    const ticket = await file("P1");
    expect(ticket.sla).toEqual({
      policyId: expect.any(String),
      response: { targetMinutes: 15, dueAt: new Date(T0 + 15 * MINUTE).toISOString(), elapsedMinutes: 0, percent: 0, state: "running" },
      resolution: { targetMinutes: 240, dueAt: new Date(T0 + 240 * MINUTE).toISOString(), elapsedMinutes: 0, percent: 0, state: "running" },
      risk: "safe",
      riskPercent: 0,
    });
  });

  it("reports the worst unmet metric's risk as the clock runs, and breached for good", async () => {
    setClock(T0);
    const ticket = await file("P1");
    setClock(T0 + 8 * MINUTE);
    expect((await read(agent, ticket.id)).sla).toMatchObject({ response: { elapsedMinutes: 8, percent: 53 }, risk: "warning", riskPercent: 53 });
    setClock(T0 + 12 * MINUTE);
    expect((await read(agent, ticket.id)).sla).toMatchObject({ risk: "high_risk", riskPercent: 80 });
    setClock(T0 + 15 * MINUTE);
    expect((await read(agent, ticket.id)).sla).toMatchObject({ response: { state: "breached", percent: 100 }, risk: "breached" });
  });

  it("meets the response on the first move to in_progress, and exactly at dueAt is met", async () => {
    setClock(T0);
    const ticket = await file("P1");
    setClock(T0 + 15 * MINUTE);
    const moved = await move(agent, ticket.id, "in_progress");
    expect(moved.sla.response).toMatchObject({ state: "met", percent: 100 });
    expect(moved.sla).toMatchObject({ risk: "safe", riskPercent: 6 });
  });

  it("meets the response with a public agent reply, not an internal note or the requester's words", async () => {
    setClock(T0);
    const ticket = await file("P2");
    setClock(T0 + 5 * MINUTE);
    const say = async (who: Session, isPublic: boolean) =>
      expect((await api("POST", `/api/v1/tickets/${ticket.id}/comments`, { token: (await fresh(who)).accessToken, body: { body: "Looking", public: isPublic } })).status).toBe(201);
    await say(agent, false);
    await say(requester, true);
    expect((await read(agent, ticket.id)).sla.response.state).toBe("running");
    setClock(T0 + 10 * MINUTE);
    await say(agent, true);
    setClock(T0 + 50 * MINUTE);
    expect((await read(agent, ticket.id)).sla.response).toMatchObject({ state: "met", elapsedMinutes: 10 });
  });

  it("pauses both clocks while pending and moves dueAt by the paused time", async () => {
    setClock(T0);
    const ticket = await file("P2");
    setClock(T0 + 30 * MINUTE);
    await move(agent, ticket.id, "pending");
    setClock(T0 + 90 * MINUTE);
    const paused = (await read(agent, ticket.id)).sla;
    expect(paused.resolution).toMatchObject({ state: "paused", elapsedMinutes: 30, percent: 6 });
    setClock(T0 + 150 * MINUTE);
    const resumed = await move(agent, ticket.id, "open");
    expect(resumed.sla.resolution).toMatchObject({ state: "running", elapsedMinutes: 30, dueAt: new Date(T0 + (480 + 120) * MINUTE).toISOString() });
  });

  it("re-targets on a priority change, keeping the elapsed time", async () => {
    setClock(T0);
    const ticket = await file("P3");
    setClock(T0 + 60 * MINUTE);
    const res = await api("PATCH", `/api/v1/tickets/${ticket.id}`, { token: (await fresh(agent)).accessToken, body: { priority: "P1" } });
    expect(res.status, res.text).toBe(200);
    expect(res.json.sla.resolution).toMatchObject({ targetMinutes: 240, elapsedMinutes: 60, percent: 25, dueAt: new Date(T0 + 240 * MINUTE).toISOString() });
    expect(res.json.sla.response).toMatchObject({ targetMinutes: 15, state: "breached" });
  });

  it("counts a response first given by the resolution after its due time as breached", async () => {
    setClock(T0);
    const ticket = await file("P2");
    setClock(T0 + 100 * MINUTE);
    const resolved = await move(agent, ticket.id, "resolved");
    expect(resolved.sla).toMatchObject({ response: { state: "breached" }, resolution: { state: "met" }, risk: "breached", riskPercent: 166 });
  });

  it("stops at resolution and resumes where it stopped on a reopen", async () => {
    setClock(T0);
    const ticket = await file("P2");
    setClock(T0 + 10 * MINUTE);
    await move(agent, ticket.id, "in_progress");
    setClock(T0 + 100 * MINUTE);
    const resolved = await move(agent, ticket.id, "resolved");
    expect(resolved.sla).toMatchObject({ resolution: { state: "met", elapsedMinutes: 100 }, risk: "safe", riskPercent: 20 });
    setClock(T0 + 1000 * MINUTE);
    const reopened = await move(requester, ticket.id, "open");
    expect(reopened.sla.resolution).toMatchObject({ state: "running", elapsedMinutes: 100 });
    setClock(T0 + 1060 * MINUTE);
    expect((await read(agent, ticket.id)).sla.resolution).toMatchObject({ elapsedMinutes: 160, percent: 33 });
  });
});

describe("risk in lists", () => {
  it("filters by risk at the request's instant and lists high-risk tickets worst first", async () => {
    const riskTeam = await createTeam(admin, "RISK");
    const fileIn = async (priority: string) => {
      const res = await api("POST", "/api/v1/tickets", { token: (await fresh(admin)).accessToken, body: { title: "At risk", priority, teamId: riskTeam.id } });
      expect(res.status, res.text).toBe(201);
      return res.json;
    };
    setClock(T0);
    const p1 = await fileIn("P1"); // response 15 min
    const p2 = await fileIn("P2"); // response 60 min
    const p4 = await fileIn("P4"); // response 1 day
    const p2done = await fileIn("P2");
    setClock(T0 + 5 * MINUTE);
    await move(admin, p2done.id, "in_progress");
    setClock(T0 + 50 * MINUTE);
    const token = (await fresh(admin)).accessToken;
    const keys = async (query: string) => {
      const res = await api("GET", `/api/v1/tickets?teamId=${riskTeam.id}&${query}`, { token });
      expect(res.status, res.text).toBe(200);
      return res.json.items.map((t: { key: string }) => t.key).sort();
    };
    expect(await keys("risk=breached")).toEqual([p1.key]);
    expect(await keys("risk=high_risk")).toEqual([p2.key]);
    expect(await keys("risk=safe")).toEqual([p2done.key, p4.key].sort());
    expect(await keys("risk=warning,high_risk,breached")).toEqual([p1.key, p2.key].sort());
    const high = await api("GET", "/api/v1/tickets/high-risk", { token });
    expect(high.status, high.text).toBe(200);
    const items = high.json.items as { key: string; teamId: string; status: string; sla: { riskPercent: number; risk: string } }[];
    expect(items.filter((t) => t.teamId === riskTeam.id).map((t) => t.key)).toEqual([p1.key, p2.key]);
    expect(items.find((t) => t.key === p1.key)!.sla).toMatchObject({ risk: "breached", riskPercent: 333 });
    const percents = items.map((t) => t.sla.riskPercent);
    expect(percents).toEqual([...percents].sort((a, b) => b - a));
    expect(items.every((t) => ["high_risk", "breached"].includes(t.sla.risk) && !["resolved", "closed"].includes(t.status))).toBe(true);
  });

  it("names a band that does not exist", async () => {
    const res = await api("GET", "/api/v1/tickets?risk=scary", { token: (await fresh(admin)).accessToken });
    expect(res.status).toBe(400);
    expect(res.json.details.issues[0].path).toBe("risk");
  });
});
