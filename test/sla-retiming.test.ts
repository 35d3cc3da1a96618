import { beforeAll, expect, it } from "vitest";
import { api, expectError, registerOrg, type Session } from "./helpers";
import { createTeam, fileTicket, type Team } from "./ticket-fixtures";

const MINUTE = 60_000;
const EVERY_DAY = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((day) => [day, [["00:00", "24:00"]]]));

let admin: Session;
let team: Team;

beforeAll(async () => {
  admin = await registerOrg("Retiming Co");
  team = await createTeam(admin);
});

const sla = async (id: string) => (await api("GET", `/api/v1/tickets/${id}`, { token: admin.accessToken })).json.sla;
const call = async (method: string, path: string, body?: unknown, status = 200) => {
  const res = await api(method, path, { token: admin.accessToken, body });
  expect(res.status, res.text).toBe(status);
  return res.json;
};

it("re-times running tickets when their default policy or its calendar changes", async () => {
  const ticket = await fileTicket(admin, team.id, { priority: "P2" });
  const createdAt = Date.parse(ticket.createdAt);
  expect((await sla(ticket.id)).response.targetMinutes).toBe(60);

  await call("PUT", "/api/v1/sla/config/P2", { responseMinutes: 20, resolutionMinutes: 200 });
  const retargeted = await sla(ticket.id);
  expect([retargeted.response.targetMinutes, retargeted.resolution.targetMinutes]).toEqual([20, 200]);
  expect(Date.parse(retargeted.response.dueAt)).toBe(createdAt + 20 * MINUTE);

  // Ten minutes a week: the response is due weeks later.
  const calendar = await call("POST", "/api/v1/calendars", { name: "Sparse", timezone: "UTC", hours: { sun: [["00:00", "00:10"]] } }, 201);
  await call("PUT", "/api/v1/sla/config/P2", { responseMinutes: 20, resolutionMinutes: 200, calendarId: calendar.id });
  expect(Date.parse((await sla(ticket.id)).response.dueAt)).toBeGreaterThan(createdAt + 7 * 24 * 60 * MINUTE);

  // Open all day in UTC, the calendar counts every minute again.
  await call("PUT", `/api/v1/calendars/${calendar.id}`, { name: "Always", timezone: "UTC", hours: EVERY_DAY });
  expect(Date.parse((await sla(ticket.id)).response.dueAt)).toBe(createdAt + 20 * MINUTE);
  expectError(await api("DELETE", `/api/v1/calendars/${calendar.id}`, { token: admin.accessToken }), 409, "E_CALENDAR_IN_USE");
});

it("moves the tickets of a deleted policy to the next match, and of a narrowed one as well", async () => {
  const narrow = await call("POST", "/api/v1/sla/policies", { name: "Hardware", priority: "P4", category: "hardware", responseMinutes: 7, resolutionMinutes: 70 }, 201);
  const [defaultP4] = (await call("GET", "/api/v1/sla/config")).items.filter((policy: { priority: string }) => policy.priority === "P4");
  const [first, second] = [await fileTicket(admin, team.id, { priority: "P4", category: "hardware" }), await fileTicket(admin, team.id, { priority: "P4", category: "hardware" })];
  expect(await sla(first.id)).toMatchObject({ policyId: narrow.id, response: { targetMinutes: 7 } });

  // Narrowed to another category, the policy no longer fits its tickets.
  await call("PUT", `/api/v1/sla/policies/${narrow.id}`, { name: "Hardware", priority: "P4", category: "printers", responseMinutes: 7, resolutionMinutes: 70 });
  expect(await sla(first.id)).toMatchObject({ policyId: defaultP4.id, response: { targetMinutes: 1440 } });

  const again = await call("POST", "/api/v1/sla/policies", { name: "Hardware 2", priority: "P4", category: "hardware", responseMinutes: 9, resolutionMinutes: 90 }, 201);
  const third = await fileTicket(admin, team.id, { priority: "P4", category: "hardware" });
  expect((await sla(third.id)).policyId).toBe(again.id);
  await call("DELETE", `/api/v1/sla/policies/${again.id}`, undefined, 204);
  expect(await sla(third.id)).toMatchObject({ policyId: defaultP4.id, resolution: { targetMinutes: 7200 } });
  expect((await sla(second.id)).policyId).toBe(defaultP4.id);
});
