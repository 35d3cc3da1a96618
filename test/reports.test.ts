import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { expectError } from "./helpers";
import { parseCsv } from "./csv-parse";
import { at, insertBreach, insertMetric, insertTicket, MINUTE, report, reportOrg } from "./report-fixtures";

// The organization keeps Europe/Berlin time: summer time ends on Sunday 2026-10-25 at 01:00Z, so
// that day's local midnight is 22:00Z on the 24th and the next one 23:00Z on the 25th. Each
// figure below is counted by hand from the rows this file writes.
const NOW = at("2026-10-28T12:00:00Z");
const RANGE = "from=2026-10-24&to=2026-10-27";

let org: Awaited<ReturnType<typeof reportOrg>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  org = await reportOrg("Reports Inc", "Europe/Berlin");
  const { teamA, teamB, agentA, agentB, requester } = org;
  const base = { requesterId: requester.user.id };
  const [a, b] = [agentA.user.id, agentB.user.id];
  // T1: created 00:30 CEST on the 25th (22:30Z the 24th), resolved 23:30 CET the 25th.
  ids.T1 = await insertTicket({ ...base, team: teamA, priority: "P1", assigneeId: a, status: "resolved", createdAt: at("2026-10-24T22:30:00Z"), resolvedAt: at("2026-10-25T22:30:00Z") });
  await insertMetric(ids.T1, "response", { targetMinutes: 15, startedAt: at("2026-10-24T22:30:00Z"), metAt: at("2026-10-24T22:40:00Z"), metElapsedMinutes: 10, breachedAt: at("2026-10-24T22:45:00Z") });
  await insertMetric(ids.T1, "resolution", { targetMinutes: 1440, startedAt: at("2026-10-24T22:30:00Z"), metAt: at("2026-10-25T22:30:00Z"), metElapsedMinutes: 100, breachedAt: at("2026-10-25T22:30:00Z") });
  // T2: created 23:30 CET the 25th; response met 00:00 CET the 26th; resolution met late (breached 08:00Z the 26th).
  ids.T2 = await insertTicket({ ...base, team: teamA, priority: "P2", assigneeId: a, status: "resolved", createdAt: at("2026-10-25T22:30:00Z"), resolvedAt: at("2026-10-26T09:00:00Z") });
  await insertMetric(ids.T2, "response", { targetMinutes: 60, startedAt: at("2026-10-25T22:30:00Z"), metAt: at("2026-10-25T23:00:00Z"), metElapsedMinutes: 30, breachedAt: at("2026-10-25T23:30:00Z") });
  await insertMetric(ids.T2, "resolution", { targetMinutes: 180, startedAt: at("2026-10-25T22:30:00Z"), metAt: at("2026-10-26T09:00:00Z"), metElapsedMinutes: 200, breachedAt: at("2026-10-26T08:00:00Z") });
  await insertBreach(ids.T2, "resolution", at("2026-10-26T08:00:00Z"));
  // T3: created 00:30 CET the 26th, still in progress; its resolution breached at 11:30Z the 27th and runs on.
  ids.T3 = await insertTicket({ ...base, team: teamA, priority: "P2", assigneeId: a, status: "in_progress", createdAt: at("2026-10-25T23:30:00Z"), escalationLevel: 1 });
  await insertMetric(ids.T3, "response", { targetMinutes: 60, startedAt: at("2026-10-25T23:30:00Z"), metAt: at("2026-10-26T00:00:00Z"), metElapsedMinutes: 20, breachedAt: at("2026-10-26T00:30:00Z") });
  await insertMetric(ids.T3, "resolution", { targetMinutes: 2160, startedAt: at("2026-10-25T23:30:00Z"), warningAt: at("2026-10-26T17:30:00Z"), highRiskAt: at("2026-10-27T02:30:00Z"), breachedAt: at("2026-10-27T11:30:00Z") });
  await insertBreach(ids.T3, "resolution", at("2026-10-27T11:30:00Z"));
  // T4 (team B): both met in time.
  ids.T4 = await insertTicket({ ...base, team: teamB, priority: "P3", assigneeId: b, status: "resolved", createdAt: at("2026-10-26T08:00:00Z"), resolvedAt: at("2026-10-27T10:00:00Z") });
  await insertMetric(ids.T4, "response", { targetMinutes: 240, startedAt: at("2026-10-26T08:00:00Z"), metAt: at("2026-10-26T08:30:00Z"), metElapsedMinutes: 7, breachedAt: at("2026-10-26T12:00:00Z") });
  await insertMetric(ids.T4, "resolution", { targetMinutes: 1440, startedAt: at("2026-10-26T08:00:00Z"), metAt: at("2026-10-27T10:00:00Z"), metElapsedMinutes: 300, breachedAt: at("2026-10-27T08:00:00Z") + 1440 * MINUTE });
  // T5: response met late (breached 09:15Z, met 09:40Z the 27th); resolution in time.
  ids.T5 = await insertTicket({ ...base, team: teamA, priority: "P1", assigneeId: a, status: "resolved", createdAt: at("2026-10-27T09:00:00Z"), resolvedAt: at("2026-10-27T15:00:00Z") });
  await insertMetric(ids.T5, "response", { targetMinutes: 15, startedAt: at("2026-10-27T09:00:00Z"), metAt: at("2026-10-27T09:40:00Z"), metElapsedMinutes: 40, breachedAt: at("2026-10-27T09:15:00Z") });
  await insertBreach(ids.T5, "response", at("2026-10-27T09:15:00Z"));
  await insertMetric(ids.T5, "resolution", { targetMinutes: 480, startedAt: at("2026-10-27T09:00:00Z"), metAt: at("2026-10-27T15:00:00Z"), metElapsedMinutes: 300, breachedAt: at("2026-10-27T17:00:00Z") });
  // T6 (team B, unassigned, open since the 1st): response met in time then; resolution at warning now.
  ids.T6 = await insertTicket({ ...base, team: teamB, priority: "P4", status: "open", createdAt: at("2026-10-01T09:00:00Z") });
  await insertMetric(ids.T6, "response", { targetMinutes: 1440, startedAt: at("2026-10-01T09:00:00Z"), metAt: at("2026-10-01T10:00:00Z"), metElapsedMinutes: 5, breachedAt: at("2026-10-02T09:00:00Z") });
  await insertMetric(ids.T6, "resolution", { targetMinutes: 57600, startedAt: at("2026-10-01T09:00:00Z"), warningAt: at("2026-10-21T09:00:00Z"), highRiskAt: at("2026-10-31T09:00:00Z"), breachedAt: at("2026-11-10T09:00:00Z") });
  // T7 (pending since 09-21): paused after high risk and before breach, so high_risk it stays.
  ids.T7 = await insertTicket({ ...base, team: teamA, priority: "P3", assigneeId: a, status: "pending", createdAt: at("2026-09-20T08:00:00Z") });
  await insertMetric(ids.T7, "response", { targetMinutes: 240, startedAt: at("2026-09-20T08:00:00Z"), metAt: at("2026-09-20T08:15:00Z"), metElapsedMinutes: 15, breachedAt: at("2026-09-20T12:00:00Z") });
  await insertMetric(ids.T7, "resolution", { targetMinutes: 1440, startedAt: at("2026-09-20T08:00:00Z"), pausedSince: at("2026-09-21T00:00:00Z"), highRiskAt: at("2026-09-20T12:00:00Z"), breachedAt: at("2026-09-21T08:00:00Z") });
  // T8 (team B, new today): response breached this morning.
  ids.T8 = await insertTicket({ ...base, team: teamB, priority: "P2", status: "new", createdAt: at("2026-10-28T08:00:00Z") });
  await insertMetric(ids.T8, "response", { targetMinutes: 15, startedAt: at("2026-10-28T08:00:00Z"), breachedAt: at("2026-10-28T08:15:00Z") });
  await insertMetric(ids.T8, "resolution", { targetMinutes: 480, startedAt: at("2026-10-28T08:00:00Z"), breachedAt: at("2026-10-28T16:00:00Z") });
  await insertBreach(ids.T8, "response", at("2026-10-28T08:15:00Z"));
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});

afterAll(() => vi.useRealTimers());

describe("SLA compliance", () => {
  it("counts each completed metric on its local day, across the end of summer time", async () => {
    const res = await report(org.manager, `sla-compliance?groupBy=day&${RANGE}`);
    expect(res.status, res.text).toBe(200);
    expect(res.json.items).toEqual([
      { group: "2026-10-24", metric: "response", met: 0, breached: 0, compliance: null },
      { group: "2026-10-24", metric: "resolution", met: 0, breached: 0, compliance: null },
      { group: "2026-10-25", metric: "response", met: 1, breached: 0, compliance: 1 },
      { group: "2026-10-25", metric: "resolution", met: 1, breached: 0, compliance: 1 },
      { group: "2026-10-26", metric: "response", met: 3, breached: 0, compliance: 1 },
      { group: "2026-10-26", metric: "resolution", met: 0, breached: 1, compliance: 0 },
      { group: "2026-10-27", metric: "response", met: 0, breached: 1, compliance: 0 },
      { group: "2026-10-27", metric: "resolution", met: 2, breached: 1, compliance: 2 / 3 },
    ]);
  });

  it("folds days into weeks that start on Monday", async () => {
    const res = await report(org.manager, `sla-compliance?groupBy=week&${RANGE}`);
    expect(res.json.items).toEqual([
      { group: "2026-10-19", metric: "response", met: 1, breached: 0, compliance: 1 },
      { group: "2026-10-19", metric: "resolution", met: 1, breached: 0, compliance: 1 },
      { group: "2026-10-26", metric: "response", met: 3, breached: 1, compliance: 0.75 },
      { group: "2026-10-26", metric: "resolution", met: 2, breached: 2, compliance: 0.5 },
    ]);
  });

  it("groups by team and by priority, listing every one", async () => {
    const teams = await report(org.manager, `sla-compliance?groupBy=team&${RANGE}`);
    const [first, second] = [org.teamA.id, org.teamB.id].sort();
    const expected: Record<string, unknown[]> = {
      [org.teamA.id]: [{ metric: "response", met: 3, breached: 1, compliance: 0.75 }, { metric: "resolution", met: 2, breached: 2, compliance: 0.5 }],
      [org.teamB.id]: [{ metric: "response", met: 1, breached: 0, compliance: 1 }, { metric: "resolution", met: 1, breached: 0, compliance: 1 }],
    };
    expect(teams.json.items).toEqual([first!, second!].flatMap((group) => expected[group]!.map((item) => ({ group, ...(item as object) }))));

    const priorities = await report(org.manager, `sla-compliance?groupBy=priority&${RANGE}`);
    expect(priorities.json.items).toEqual([
      { group: "P1", metric: "response", met: 1, breached: 1, compliance: 0.5 },
      { group: "P1", metric: "resolution", met: 2, breached: 0, compliance: 1 },
      { group: "P2", metric: "response", met: 2, breached: 0, compliance: 1 },
      { group: "P2", metric: "resolution", met: 0, breached: 2, compliance: 0 },
      { group: "P3", metric: "response", met: 1, breached: 0, compliance: 1 },
      { group: "P3", metric: "resolution", met: 1, breached: 0, compliance: 1 },
      { group: "P4", metric: "response", met: 0, breached: 0, compliance: null },
      { group: "P4", metric: "resolution", met: 0, breached: 0, compliance: null },
    ]);
  });

  it("narrows to a team and a priority", async () => {
    const res = await report(org.manager, `sla-compliance?groupBy=team&priority=P1&teamId=${org.teamA.id}&${RANGE}`);
    expect(res.json.items).toEqual([
      { group: org.teamA.id, metric: "response", met: 1, breached: 1, compliance: 0.5 },
      { group: org.teamA.id, metric: "resolution", met: 2, breached: 0, compliance: 1 },
    ]);
  });
});

describe("trends", () => {
  it("counts creations, resolutions and breaches per local day across the DST change", async () => {
    const res = await report(org.manager, `trends?${RANGE}`);
    expect(res.status, res.text).toBe(200);
    // A fixed +02:00 would put T2's creation (22:30Z) on the 26th; a fixed +01:00 T1's (22:30Z the 24th) on the 24th.
    expect(res.json.items).toEqual([
      { date: "2026-10-24", created: 0, resolved: 0, breached: 0 },
      { date: "2026-10-25", created: 2, resolved: 1, breached: 0 },
      { date: "2026-10-26", created: 2, resolved: 1, breached: 1 },
      { date: "2026-10-27", created: 1, resolved: 2, breached: 2 },
    ]);
  });

  it("shows an agent their own teams only", async () => {
    const res = await report(org.agentA, `trends?${RANGE}`);
    expect(res.json.items.map((item: { created: number }) => item.created)).toEqual([0, 2, 1, 1]);
  });
});

describe("agents", () => {
  it("takes true medians and p90s of business minutes, and breach rates", async () => {
    const res = await report(org.manager, `agents?${RANGE}`);
    expect(res.status, res.text).toBe(200);
    expect(res.json.items).toEqual([
      // Responses 10, 20, 30, 40: an even count, so the median is (20 + 30) / 2; p90 is the 4th of 4 (nearest rank).
      // Resolutions 100, 200, 300: odd, the middle one; p90 the 3rd. Completed: 5 met in time, 3 breached.
      { agentId: org.agentA.user.id, name: "Ann Agent", resolved: 3, medianResponseMinutes: 25, p90ResponseMinutes: 40, medianResolutionMinutes: 200, p90ResolutionMinutes: 300, breachRate: 3 / 8 },
      { agentId: org.agentB.user.id, name: "Bob Agent", resolved: 1, medianResponseMinutes: 7, p90ResponseMinutes: 7, medianResolutionMinutes: 300, p90ResolutionMinutes: 300, breachRate: 0 },
    ]);
  });
});

describe("reports of now", () => {
  it("overview: open tickets by status and risk, today's breaches, 30 days' compliance", async () => {
    const res = await report(org.manager, "overview");
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({
      open: 4,
      byStatus: { new: 1, open: 1, in_progress: 1, pending: 1, resolved: 4, closed: 0 },
      byRisk: { safe: 0, warning: 1, high_risk: 1, breached: 2 },
      breachedToday: 1,
      // 09-29 … 10-28: responses met in time T1 T2 T3 T4 T6, breached T5 T8; resolutions met T1 T4 T5, breached T2 T3.
      compliance30d: { response: 5 / 7, resolution: 3 / 5 },
    });
  });

  it("risk distribution and workload", async () => {
    const risk = await report(org.manager, "risk-distribution");
    expect(risk.json.items).toEqual([
      { risk: "safe", count: 0 },
      { risk: "warning", count: 1 },
      { risk: "high_risk", count: 1 },
      { risk: "breached", count: 2 },
    ]);
    const workload = await report(org.manager, "workload");
    expect(workload.json.items).toEqual([
      { agentId: org.agentA.user.id, name: "Ann Agent", active: 2, byRisk: { safe: 0, warning: 0, high_risk: 1, breached: 1 }, escalated: 1 },
      { agentId: org.agentB.user.id, name: "Bob Agent", active: 0, byRisk: { safe: 0, warning: 0, high_risk: 0, breached: 0 }, escalated: 0 },
    ]);
  });

  it("aging by wall-clock age", async () => {
    const res = await report(org.manager, "aging");
    // T3 2½ days, T6 27 days, T7 38 days, T8 4 hours.
    expect(res.json.items).toEqual([
      { bucket: "<1d", count: 1 },
      { bucket: "1-3d", count: 1 },
      { bucket: "3-7d", count: 0 },
      { bucket: "7-30d", count: 1 },
      { bucket: ">30d", count: 1 },
    ]);
  });
});

describe("violations", () => {
  it("lists breaches newest first, by how far past due, in pages", async () => {
    const first = await report(org.manager, `violations?limit=2&${RANGE}`);
    expect(first.status, first.text).toBe(200);
    // T3 still runs: 60 h 30 min counted at NOW against 36 h. T5's response counted 40 min against 15; T2's resolution 200 against 180.
    expect(first.json.items).toEqual([
      { ticketId: ids.T3, ticketKey: expect.any(String), metric: "resolution", dueAt: "2026-10-27T11:30:00.000Z", breachedByMinutes: 3630 - 2160 },
      { ticketId: ids.T5, ticketKey: expect.any(String), metric: "response", dueAt: "2026-10-27T09:15:00.000Z", breachedByMinutes: 25 },
    ]);
    const second = await report(org.manager, `violations?limit=2&cursor=${first.json.nextCursor}&${RANGE}`);
    expect(second.json).toEqual({ items: [{ ticketId: ids.T2, ticketKey: expect.any(String), metric: "resolution", dueAt: "2026-10-26T08:00:00.000Z", breachedByMinutes: 20 }], nextCursor: null });
  });
});

describe("CSV", () => {
  it("writes the JSON rows, nested objects as dotted columns and null as empty", async () => {
    const res = await report(org.manager, "overview?format=csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const [header, row] = parseCsv(res.text);
    expect(header).toEqual(["open", "byStatus.new", "byStatus.open", "byStatus.in_progress", "byStatus.pending", "byStatus.resolved", "byStatus.closed",
      "byRisk.safe", "byRisk.warning", "byRisk.high_risk", "byRisk.breached", "breachedToday", "compliance30d.response", "compliance30d.resolution"]);
    expect(row).toEqual(["4", "1", "1", "1", "1", "4", "0", "0", "1", "1", "2", "1", String(5 / 7), "0.6"]);

    const compliance = parseCsv((await report(org.manager, `sla-compliance?groupBy=priority&format=csv&${RANGE}`)).text);
    expect(compliance[0]).toEqual(["group", "metric", "met", "breached", "compliance"]);
    expect(compliance.at(-1)).toEqual(["P4", "resolution", "0", "0", ""]);
  });

  it("heads an empty list with its columns", async () => {
    const res = await report(org.manager, "violations?format=csv&from=2020-01-01&to=2020-01-31");
    expect(parseCsv(res.text)).toEqual([["ticketId", "ticketKey", "metric", "dueAt", "breachedByMinutes"]]);
  });
});

describe("who sees what", () => {
  it("refuses requesters and agents outside their teams; another organization's team is missing", async () => {
    expectError(await report(org.requester, "overview"), 403, "E_FORBIDDEN");
    expectError(await report(org.agentA, `trends?teamId=${org.teamB.id}`), 403, "E_FORBIDDEN");
    const other = await reportOrg("Other Reports", "UTC");
    expectError(await report(other.manager, `trends?teamId=${org.teamA.id}`), 404, "E_NOT_FOUND");
    const theirs = await report(other.manager, `trends?${RANGE}`);
    expect(theirs.json.items.every((item: { created: number; resolved: number; breached: number }) => item.created + item.resolved + item.breached === 0)).toBe(true);
    const overview = await report(other.manager, "overview");
    expect(overview.json.open).toBe(0);
  });

  it("names a bad filter", async () => {
    const impossible = expectError(await report(org.manager, "trends?from=2026-02-30"), 400, "E_VALIDATION");
    expect(impossible.details.issues).toEqual([{ path: "from", message: expect.any(String) }]);
    const reversed = expectError(await report(org.manager, "trends?from=2026-10-27&to=2026-10-24"), 400, "E_VALIDATION");
    expect(reversed.details.issues?.[0]?.path).toBe("from");
    expectError(await report(org.manager, "trends?to=yesterday"), 400, "E_VALIDATION");
    expectError(await report(org.manager, "sla-compliance?groupBy=month"), 400, "E_VALIDATION");
    expectError(await report(org.manager, "trends?priority=P9"), 400, "E_VALIDATION");
  });
});
