import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { api, expectError, fresh, setClock as setAt, type Session } from "./helpers";
import { expectDocumented } from "./openapi-helpers";
import { cronAt } from "./risk-pass-fixtures";
import { fileTicket, historyOf, ticketOrg, type TicketOrg } from "./ticket-fixtures";

// Calendar C1 of sla-examples.md in January 2031 (CET, UTC+1): Monday the 13th, 10:00 local, is 09:00Z.
const C1_HOURS = Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((day) => [day, [["09:00", "17:00"]]]));
const instant = (utc: string) => Date.parse(`${utc}Z`);
const iso = (utc: string) => new Date(instant(utc)).toISOString();

let org: TicketOrg;
let policy: Record<"P2" | "P3" | "P4", string>;

/** Moves the Worker's clock (it reads `new Date()` per request, in this same isolate). */
const setClock = (utc: string) => setAt(instant(utc));

const tokenOf = async (session: Session) => (await fresh(session)).accessToken;

async function call(session: Session, method: string, path: string, body?: unknown) {
  const res = await api(method, path, { token: await tokenOf(session), body });
  expect(res.status, res.text).toBeLessThan(300);
  return res.json;
}

const slaOf = async (session: Session, id: string) => api("GET", `/api/v1/tickets/${id}/sla`, { token: await tokenOf(session) });

beforeAll(async () => {
  org = await ticketOrg("Timeline Co");
  const calendar = await call(org.admin, "POST", "/api/v1/calendars", { name: "C1", timezone: "Europe/Berlin", hours: C1_HOURS });
  for (const [priority, responseMinutes, resolutionMinutes] of [["P2", 60, 480], ["P3", 240, 1440]] as const) {
    await call(org.admin, "PUT", `/api/v1/sla/config/${priority}`, { responseMinutes, resolutionMinutes, calendarId: calendar.id });
  }
  const config = (await call(org.admin, "GET", "/api/v1/sla/config")).items as { id: string; priority: "P2" | "P3" | "P4" }[];
  policy = Object.fromEntries(config.map((row) => [row.priority, row.id])) as typeof policy;
});

afterEach(() => vi.useRealTimers());

describe("GET /tickets/{id}/sla", () => {
  it("tells the clocks' life: start, re-target, crossings, pauses, a late response and the resolution", async () => {
    const { agent, requester } = org;
    setClock("2031-01-13T09:00");
    const ticket = await call(requester, "POST", "/api/v1/tickets", { title: "VPN drops", priority: "P3", teamId: org.ops.id });
    setClock("2031-01-13T09:40"); // 10:40 local, 40 minutes in
    await call(agent, "PATCH", `/api/v1/tickets/${ticket.id}`, { priority: "P2" });
    setClock("2031-01-13T10:30");
    await cronAt(instant("2031-01-13T10:30"));
    const move = async (utc: string, status: string) => (setClock(utc), call(agent, "PATCH", `/api/v1/tickets/${ticket.id}/status`, { status }));
    await move("2031-01-13T11:00", "pending");
    await move("2031-01-13T11:00:20", "open"); // a pause of 20 seconds
    await move("2031-01-13T13:00", "pending"); // Mon 14:00 local …
    await move("2031-01-14T10:00", "open"); // … to Tue 11:00: 3 h + 2 h of business time
    setClock("2031-01-14T10:30");
    await call(agent, "POST", `/api/v1/tickets/${ticket.id}/comments`, { body: "On it", public: true });
    setClock("2031-01-14T11:00");
    await cronAt(instant("2031-01-14T11:00"));
    await move("2031-01-14T11:30", "resolved");

    setClock("2031-01-14T12:00");
    const res = await slaOf(requester, ticket.key);
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ policyId: policy.P2, response: { state: "breached" }, resolution: { state: "met", elapsedMinutes: 329 }, risk: "breached" });
    const entry = (utc: string, metric: string, kind: string, elapsedMinutes: number, extra: Record<string, string> = {}) => ({ at: iso(utc), metric, kind, ...extra, elapsedMinutes });
    // Pauses count in whole business time: 20 s + 5 h. Due instants are shown as then known.
    expect(res.json.timeline).toEqual([
      entry("2031-01-13T09:00", "response", "started", 0, { policyId: policy.P3, dueAt: iso("2031-01-13T13:00") }),
      entry("2031-01-13T09:00", "resolution", "started", 0, { policyId: policy.P3, dueAt: iso("2031-01-16T09:00") }),
      entry("2031-01-13T09:00", "response", "crossed", 0, { band: "due_soon" }),
      entry("2031-01-13T09:30", "response", "crossed", 30, { band: "warning" }),
      entry("2031-01-13T09:40", "response", "retargeted", 40, { policyId: policy.P2, dueAt: iso("2031-01-13T10:00") }),
      entry("2031-01-13T09:40", "resolution", "retargeted", 40, { policyId: policy.P2, dueAt: iso("2031-01-14T09:00") }),
      entry("2031-01-13T09:45", "response", "crossed", 45, { band: "high_risk" }),
      entry("2031-01-13T10:00", "response", "breached", 60, { band: "breached" }),
      entry("2031-01-13T11:00", "response", "paused", 120),
      entry("2031-01-13T11:00", "resolution", "paused", 120),
      entry("2031-01-13T11:00:20", "response", "resumed", 120, { dueAt: iso("2031-01-13T10:00:20") }),
      entry("2031-01-13T11:00:20", "resolution", "resumed", 120, { dueAt: iso("2031-01-14T09:00:20") }),
      entry("2031-01-13T13:00", "response", "paused", 239),
      entry("2031-01-13T13:00", "resolution", "paused", 239),
      entry("2031-01-14T10:00", "response", "resumed", 239, { dueAt: iso("2031-01-13T15:00:20") }),
      entry("2031-01-14T10:00", "resolution", "resumed", 239, { dueAt: iso("2031-01-14T14:00:20") }),
      entry("2031-01-14T10:00:20", "resolution", "crossed", 240, { band: "warning" }),
      entry("2031-01-14T10:30", "response", "met", 269, { dueAt: iso("2031-01-13T15:00:20") }),
      entry("2031-01-14T11:30", "resolution", "met", 329, { dueAt: iso("2031-01-14T14:00:20") }),
    ]);

    const retargets = (await historyOf(await fresh(org.admin), ticket.id)).filter((row) => row.action === "sla.retargeted");
    expect(retargets).toEqual([
      expect.objectContaining({
        actorId: agent.user.id,
        from: { policyId: policy.P3, responseMinutes: 240, resolutionMinutes: 1440 },
        to: { policyId: policy.P2, responseMinutes: 60, resolutionMinutes: 480 },
      }),
    ]);
  });

  it("records a policy edit's re-timing as a re-target, and a status change as none", async () => {
    setClock("2031-01-20T09:00");
    const ticket = await fileTicket(await fresh(org.admin), org.ops.id, { priority: "P4" });
    await call(org.agent, "PATCH", `/api/v1/tickets/${ticket.id}/status`, { status: "open" });
    setClock("2031-01-20T09:30");
    await call(org.admin, "PUT", "/api/v1/sla/config/P4", { responseMinutes: 120, resolutionMinutes: 600 });
    const retargets = (await historyOf(await fresh(org.admin), ticket.id)).filter((row) => row.action === "sla.retargeted");
    expect(retargets).toEqual([
      expect.objectContaining({
        actorId: null,
        from: { policyId: policy.P4, responseMinutes: 1440, resolutionMinutes: 7200 },
        to: { policyId: policy.P4, responseMinutes: 120, resolutionMinutes: 600 },
      }),
    ]);
    const timeline = (await slaOf(org.agent, ticket.id)).json.timeline;
    expect(timeline.filter((entry: { kind: string }) => entry.kind === "retargeted")).toEqual([
      { at: iso("2031-01-20T09:30"), metric: "response", kind: "retargeted", policyId: policy.P4, dueAt: iso("2031-01-20T11:00"), elapsedMinutes: 30 },
      { at: iso("2031-01-20T09:30"), metric: "resolution", kind: "retargeted", policyId: policy.P4, dueAt: iso("2031-01-20T19:00"), elapsedMinutes: 30 },
    ]);
  });

  it("answers null sla fields and an empty timeline for a ticket no policy governs", async () => {
    const ticket = await fileTicket(org.admin, org.ops.id);
    await env.DB.prepare("DELETE FROM sla_metrics WHERE ticket_id = ?").bind(ticket.id).run();
    const res = await slaOf(org.admin, ticket.id);
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ policyId: null, response: null, resolution: null, risk: null, riskPercent: null, timeline: [] });
  });

  it("is seen by whoever sees the ticket, and is a 404 for anyone else", async () => {
    const ticket = await fileTicket(org.requester, org.ops.id);
    for (const session of [org.requester, org.agent, org.manager]) expect((await slaOf(session, ticket.id)).status).toBe(200);
    for (const session of [org.otherRequester, org.outsider, org.foreign]) expectError(await slaOf(session, ticket.id), 404, "E_NOT_FOUND");
    expectError(await slaOf(org.admin, "no-such-ticket"), 404, "E_NOT_FOUND");
    expectError(await api("GET", `/api/v1/tickets/${ticket.id}/sla`), 401, "E_UNAUTHORIZED");
  });

  it("is documented", async () => {
    const doc = await expectDocumented([["get", "/api/v1/tickets/{id}/sla"]]);
    expect(doc.components.schemas.SlaTimelineEntry.properties.kind.enum).toEqual(["started", "retargeted", "paused", "resumed", "met", "crossed", "breached"]);
  });
});
