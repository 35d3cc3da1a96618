import { beforeAll, describe, expect, it } from "vitest";
import { api, expectError, type Session } from "./helpers";
import { rolesOrg } from "./sla-fixtures";

const CALENDARS = "/api/v1/calendars";
const BERLIN = { name: "Berlin office", timezone: "Europe/Berlin", hours: { mon: [["09:00", "13:00"], ["14:00", "18:00"]], fri: [["09:00", "17:00"]] } };

let admin: Session;
let manager: Session;
let agent: Session;
let requester: Session;
let stranger: Session;

beforeAll(async () => {
  ({ admin, manager, agent, requester, stranger } = await rolesOrg("Calendars Inc"));
});

async function createCalendar(session: Session, body: Record<string, unknown> = {}) {
  const res = await api("POST", CALENDARS, { token: session.accessToken, body: { ...BERLIN, ...body } });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: string; name: string };
}

function issuePaths(res: Awaited<ReturnType<typeof api>>) {
  return expectError(res, 400, "E_VALIDATION").details.issues!.map((issue) => issue.path);
}

describe("POST /calendars", () => {
  it("creates a calendar in its stored form for managers and admins", async () => {
    for (const caller of [admin, manager]) {
      const res = await api("POST", CALENDARS, {
        token: caller.accessToken,
        body: { ...BERLIN, timezone: "europe/berlin", holidays: ["2026-12-26", "2026-12-25", "2026-12-26"] },
      });
      expect(res.status, res.text).toBe(201);
      expect(res.json).toEqual({
        id: expect.any(String),
        name: "Berlin office",
        timezone: "Europe/Berlin",
        hours: { mon: BERLIN.hours.mon, tue: [], wed: [], thu: [], fri: BERLIN.hours.fri, sat: [], sun: [] },
        holidays: ["2026-12-25", "2026-12-26"],
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
    }
  });

  it("names each bad part of the hours", async () => {
    const post = (hours: unknown) => api("POST", CALENDARS, { token: admin.accessToken, body: { ...BERLIN, hours } });
    expect(issuePaths(await post({ mon: [["9:00", "17:00"]] }))).toEqual(["hours.mon.0.0"]);
    expect(issuePaths(await post({ tue: [["09:00", "24:30"]] }))).toEqual(["hours.tue.0.1"]);
    expect(issuePaths(await post({ mon: [["09:00", "13:00"], ["12:00", "18:00"]] }))).toEqual(["hours.mon.1"]);
    expect(issuePaths(await post({ wed: [["17:00", "09:00"]] }))).toEqual(["hours.wed.0"]);
    expect(issuePaths(await post({ monday: [["09:00", "17:00"]], tue: [["09:00", "17:00"]] }))).toEqual(["hours.monday"]);
    // Without the unknown day nothing is open, which is refused as well.
    expect(issuePaths(await post({ monday: [["09:00", "17:00"]] }))).toEqual(["hours.monday", "hours"]);
    expect(issuePaths(await post({}))).toEqual(["hours"]);
    expect(issuePaths(await post({ mon: [], sun: [] }))).toEqual(["hours"]);
    expect(issuePaths(await post("09:00-17:00"))).toEqual(["hours"]);
    expect(issuePaths(await post({ mon: [["09:00"]] }))).toEqual(["hours.mon.0"]);
    expect(issuePaths(await post({ mon: [[9, 17]] }))).toEqual(["hours.mon.0.0", "hours.mon.0.1"]);
  });

  it("names an unknown zone, bad holidays, unknown fields and wrong types", async () => {
    const post = (body: Record<string, unknown>) => api("POST", CALENDARS, { token: admin.accessToken, body: { ...BERLIN, ...body } });
    for (const timezone of ["Mars/Olympus", "+01:00", ""]) expect(issuePaths(await post({ timezone })), timezone).toEqual(["timezone"]);
    expect(issuePaths(await post({ timezone: 1 }))).toEqual(["timezone"]);
    expect(issuePaths(await post({ holidays: ["2026-12-25", "2026-02-30", "christmas"] }))).toEqual(["holidays.1", "holidays.2"]);
    expect(issuePaths(await post({ holidays: "2026-12-25" }))).toEqual(["holidays"]);
    expect(issuePaths(await post({ orgId: "x", color: "red" })).sort()).toEqual(["color", "orgId"]);
    expect(issuePaths(await post({ name: 5 }))).toEqual(["name"]);
    expect(issuePaths(await api("POST", CALENDARS, { token: admin.accessToken, body: {} })).sort()).toEqual(["hours", "name", "timezone"]);
    const several = await post({ timezone: "Nowhere/Land", hours: { fri: [["18:00", "09:00"]] }, holidays: ["xmas"] });
    expect(issuePaths(several).sort()).toEqual(["holidays.0", "hours.fri.0", "timezone"]);
  });

  it("is for managers and admins only", async () => {
    expectError(await api("POST", CALENDARS, { body: BERLIN }), 401, "E_UNAUTHORIZED");
    for (const caller of [agent, requester]) expectError(await api("POST", CALENDARS, { token: caller.accessToken, body: BERLIN }), 403, "E_FORBIDDEN");
  });
});

describe("GET /calendars and /calendars/{id}", () => {
  it("lets staff read the organization's calendars, sorted and paged", async () => {
    const created = [await createCalendar(admin, { name: "zz last" }), await createCalendar(admin, { name: "aa first" })];
    const list = await api("GET", `${CALENDARS}?limit=200`, { token: agent.accessToken });
    expect(list.status, list.text).toBe(200);
    const names = (list.json.items as { name: string }[]).map((item) => item.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(["aa first", "zz last"]));
    expect(list.json.items.some((item: { id: string }) => item.id === "24x7")).toBe(false);
    const page = await api("GET", `${CALENDARS}?limit=1&sort=-createdAt`, { token: agent.accessToken });
    expect(page.json.items.map((item: { id: string }) => item.id)).toEqual([created[1]!.id]);
    expect(page.json.nextCursor).toEqual(expect.any(String));
    const one = await api("GET", `${CALENDARS}/${created[0]!.id}`, { token: agent.accessToken });
    expect(one.status, one.text).toBe(200);
    expect(one.json).toMatchObject({ id: created[0]!.id, name: "zz last", timezone: "Europe/Berlin" });
  });

  it("answers 401, 403 for requesters and 404 across organizations", async () => {
    const calendar = await createCalendar(admin);
    expectError(await api("GET", CALENDARS), 401, "E_UNAUTHORIZED");
    expectError(await api("GET", CALENDARS, { token: requester.accessToken }), 403, "E_FORBIDDEN");
    expectError(await api("GET", `${CALENDARS}/${calendar.id}`, { token: requester.accessToken }), 403, "E_FORBIDDEN");
    expectError(await api("GET", `${CALENDARS}/${calendar.id}`, { token: stranger.accessToken }), 404, "E_NOT_FOUND");
    const theirs = await api("GET", CALENDARS, { token: stranger.accessToken });
    expect(theirs.json.items).toEqual([]);
  });
});

describe("PUT /calendars/{id}", () => {
  it("replaces every field; absent holidays mean none", async () => {
    const calendar = await createCalendar(admin, { holidays: ["2026-12-25"] });
    const body = { name: "New York", timezone: "America/New_York", hours: { sat: [["10:00", "14:00"]] } };
    const res = await api("PUT", `${CALENDARS}/${calendar.id}`, { token: manager.accessToken, body });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ id: calendar.id, ...body, hours: { mon: [], sat: [["10:00", "14:00"]] }, holidays: [] });
    expect((await api("GET", `${CALENDARS}/${calendar.id}`, { token: admin.accessToken })).json).toEqual(res.json);
  });

  it("refuses bad input, the wrong roles and other organizations", async () => {
    const calendar = await createCalendar(admin);
    const path = `${CALENDARS}/${calendar.id}`;
    expect(issuePaths(await api("PUT", path, { token: admin.accessToken, body: { name: "Only a name" } })).sort()).toEqual(["hours", "timezone"]);
    expect(issuePaths(await api("PUT", path, { token: admin.accessToken, body: { ...BERLIN, id: "other" } }))).toEqual(["id"]);
    expectError(await api("PUT", path, { body: BERLIN }), 401, "E_UNAUTHORIZED");
    for (const caller of [agent, requester]) expectError(await api("PUT", path, { token: caller.accessToken, body: BERLIN }), 403, "E_FORBIDDEN");
    expectError(await api("PUT", path, { token: stranger.accessToken, body: BERLIN }), 404, "E_NOT_FOUND");
    expectError(await api("PUT", `${CALENDARS}/no-such-calendar`, { token: admin.accessToken, body: BERLIN }), 404, "E_NOT_FOUND");
  });
});

describe("DELETE /calendars/{id}", () => {
  it("deletes an unused calendar", async () => {
    const calendar = await createCalendar(admin);
    expectError(await api("DELETE", `${CALENDARS}/${calendar.id}`, { token: stranger.accessToken }), 404, "E_NOT_FOUND");
    for (const caller of [agent, requester]) expectError(await api("DELETE", `${CALENDARS}/${calendar.id}`, { token: caller.accessToken }), 403, "E_FORBIDDEN");
    expect((await api("DELETE", `${CALENDARS}/${calendar.id}`, { token: manager.accessToken })).status).toBe(204);
    expectError(await api("GET", `${CALENDARS}/${calendar.id}`, { token: admin.accessToken }), 404, "E_NOT_FOUND");
    expectError(await api("DELETE", `${CALENDARS}/${calendar.id}`, { token: admin.accessToken }), 404, "E_NOT_FOUND");
  });

  it("keeps a calendar a policy uses, naming the policies (409)", async () => {
    const calendar = await createCalendar(admin);
    const policy = { priority: "P3", responseMinutes: 60, resolutionMinutes: 480, calendarId: calendar.id };
    const ids: string[] = [];
    for (const name of ["First", "Second"]) {
      const res = await api("POST", "/api/v1/sla/policies", { token: admin.accessToken, body: { ...policy, name, category: name } });
      expect(res.status, res.text).toBe(201);
      ids.push(res.json.id);
    }
    const refused = expectError(await api("DELETE", `${CALENDARS}/${calendar.id}`, { token: admin.accessToken }), 409, "E_CALENDAR_IN_USE");
    expect(refused.details).toEqual({ policyIds: ids });
    for (const id of ids) expect((await api("DELETE", `/api/v1/sla/policies/${id}`, { token: admin.accessToken })).status).toBe(204);
    expect((await api("DELETE", `${CALENDARS}/${calendar.id}`, { token: admin.accessToken })).status).toBe(204);
  });
});
