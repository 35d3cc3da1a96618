import { afterEach, describe, expect, it, vi } from "vitest";
import { api, fresh, setClock } from "./helpers";
import { at, insertTicket, report, reportOrg } from "./report-fixtures";
import { officeCalendar } from "./sla-fixtures";
import { fileTicket, moveThrough } from "./ticket-fixtures";

afterEach(() => vi.useRealTimers());

describe("reports over tickets worked through the API", () => {
  it("measure response and resolution in business minutes of the policy's calendar", async () => {
    const org = await reportOrg("Business Hours", "Europe/Berlin");
    const calendarId = await officeCalendar(org.admin);
    const config = await api("PUT", "/api/v1/sla/config/P3", { token: org.manager.accessToken, body: { responseMinutes: 120, resolutionMinutes: 480, calendarId } });
    expect(config.status, config.text).toBe(200);

    // Filed on Sunday noon: the clocks start at Monday's 09:00 Berlin opening (08:00Z).
    setClock(at("2026-03-01T12:00:00Z"));
    const ticket = await fileTicket(await fresh(org.agentA), org.teamA.id, { requesterId: org.requester.user.id, assigneeId: org.agentA.user.id });
    // A public reply at 09:30 Berlin: 30 business minutes, though 20½ hours went by.
    setClock(at("2026-03-02T08:30:00Z"));
    const reply = await api("POST", `/api/v1/tickets/${ticket.id}/comments`, { token: (await fresh(org.agentA)).accessToken, body: { body: "On it", public: true } });
    expect(reply.status, reply.text).toBe(201);
    // Resolved at 12:00 Berlin: 180 business minutes.
    setClock(at("2026-03-02T11:00:00Z"));
    await moveThrough(await fresh(org.agentA), ticket.id, ["resolved"]);

    setClock(at("2026-03-02T15:00:00Z"));
    const agents = await report(await fresh(org.manager), "agents?from=2026-03-01&to=2026-03-02");
    expect(agents.json.items[0]).toEqual({
      agentId: org.agentA.user.id, name: "Ann Agent", resolved: 1,
      medianResponseMinutes: 30, p90ResponseMinutes: 30, medianResolutionMinutes: 180, p90ResolutionMinutes: 180, breachRate: 0,
    });
    const stats = await api("GET", `/api/v1/users/${org.agentA.user.id}/stats?from=2026-03-01&to=2026-03-02`, { token: (await fresh(org.agentA)).accessToken });
    expect(stats.json).toEqual({ active: 0, resolved: 1, breachRate: 0, medianResolutionMinutes: 180 });
  });

  it("put open tickets in age buckets from each lower bound on", async () => {
    const org = await reportOrg("Aging Edges", "UTC");
    const now = at("2026-06-15T12:00:00Z");
    const DAY = 86_400_000;
    // Exactly 1, 3, 7 and 30 days old fall in the older bucket; a millisecond younger, in the younger one.
    for (const age of [DAY, DAY - 1, 3 * DAY, 3 * DAY - 1, 7 * DAY, 30 * DAY, 30 * DAY - 1]) {
      await insertTicket({ team: org.teamA, priority: "P3", requesterId: org.requester.user.id, createdAt: now - age });
    }
    await insertTicket({ team: org.teamA, priority: "P3", requesterId: org.requester.user.id, createdAt: now - 40 * DAY, status: "closed" });
    setClock(now);
    const aging = await report(await fresh(org.manager), "aging");
    expect(aging.json.items).toEqual([
      { bucket: "<1d", count: 1 },
      { bucket: "1-3d", count: 2 },
      { bucket: "3-7d", count: 1 },
      { bucket: "7-30d", count: 2 },
      { bucket: ">30d", count: 1 },
    ]);
  });
});
