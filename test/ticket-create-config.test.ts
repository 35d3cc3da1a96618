import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createDb } from "../src/db/client";
import { createTicket } from "../src/services/ticket-create";
import { api, createUser, expectError, fresh, registerOrg, setClock, type Session } from "./helpers";
import { officeCalendar } from "./sla-fixtures";
import { addMember, createTeam, fileTicket, historyOf, type Team } from "./ticket-fixtures";

// A create keeps the configuration it read (team, rules, SLA and escalation policies) in isolate
// memory under the organization's config_version, which migration 0012's triggers renew. These
// tests run in one isolate, so each second create below could take the first one's copy.

let admin: Session;
let agent: Session;

const token = async () => (await fresh(admin)).accessToken;
const versionOf = async (orgId: string) => (await env.DB.prepare("SELECT config_version AS v FROM organizations WHERE id = ?").bind(orgId).first<{ v: string }>())!.v;
const countOf = async (sql: string, ...params: unknown[]) => (await env.DB.prepare(sql).bind(...params).first<{ n: number }>())!.n;

async function policy(body: Record<string, unknown>) {
  const res = await api("POST", "/api/v1/sla/policies", { token: await token(), body });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: string };
}

beforeAll(async () => {
  admin = await registerOrg("Config Co");
  agent = await createUser(admin, "agent");
});

afterEach(() => vi.useRealTimers());

describe("a create after a change of what creates read", () => {
  it("runs on an SLA policy's new targets", async () => {
    const team = await createTeam(admin);
    const body = { name: "Payroll", priority: "P2", category: "payroll", responseMinutes: 100, resolutionMinutes: 1000 };
    const { id } = await policy(body);
    expect((await fileTicket(admin, team.id, { priority: "P2", category: "payroll" })).sla.response.targetMinutes).toBe(100);
    const put = await api("PUT", `/api/v1/sla/policies/${id}`, { token: await token(), body: { ...body, responseMinutes: 50 } });
    expect(put.status, put.text).toBe(200);
    expect((await fileTicket(admin, team.id, { priority: "P2", category: "payroll" })).sla.response.targetMinutes).toBe(50);
  });

  it("counts time on a calendar's new hours", async () => {
    const team = await createTeam(admin);
    const calendarId = await officeCalendar(await fresh(admin));
    await policy({ name: "Office", priority: "P3", category: "office", responseMinutes: 60, resolutionMinutes: 600, calendarId });
    const filedAt = (ticket: Record<string, any>) => Date.parse(ticket.createdAt);
    // A Wednesday: the office opens next on Monday at 09:00 in Berlin (08:00Z).
    setClock("2026-03-04T12:00:00Z");
    const first = await fileTicket(admin, team.id, { category: "office" });
    expect(first.sla.response.dueAt).toBe("2026-03-09T09:00:00.000Z");
    const open = { mon: [["00:00", "24:00"]], tue: [["00:00", "24:00"]], wed: [["00:00", "24:00"]], thu: [["00:00", "24:00"]], fri: [["00:00", "24:00"]], sat: [["00:00", "24:00"]], sun: [["00:00", "24:00"]] };
    const put = await api("PUT", `/api/v1/calendars/${calendarId}`, { token: await token(), body: { name: "Office", timezone: "UTC", hours: open } });
    expect(put.status, put.text).toBe(200);
    const second = await fileTicket(admin, team.id, { category: "office" });
    expect(Date.parse(second.sla.response.dueAt) - filedAt(second)).toBe(60 * 60_000);
    // The view times the clock on the calendar as it is; the instant the risk pass and the room's
    // alarm go by was stored at the create, from the calendar the create ran on.
    const stored = await env.DB.prepare("SELECT breached_at AS at FROM sla_metrics WHERE ticket_id = ? AND metric = 'response'").bind(second.id).first<{ at: number }>();
    expect(stored!.at - filedAt(second)).toBe(60 * 60_000);
  });

  it("acts on a rule added since", async () => {
    const team = await createTeam(admin);
    expect((await fileTicket(admin, team.id, { title: "Before the rule" })).tags).toEqual([]);
    const rule = { name: "Tag the team's tickets", on: "ticket.created", if: { all: [{ field: "teamId", op: "eq", value: team.id }] }, then: [{ action: "add_tag", tag: "triage" }] };
    const res = await api("POST", "/api/v1/automations", { token: await token(), body: rule });
    expect(res.status, res.text).toBe(201);
    expect((await fileTicket(admin, team.id, { title: "After the rule" })).tags).toEqual(["triage"]);
  });

  it("auto-assigns once the team's autoAssign is on, and files exactly one ticket", async () => {
    const team = await createTeam(admin);
    await addMember(admin, team.id, agent.user.id);
    expect((await fileTicket(admin, team.id)).assigneeId).toBeNull();
    const patch = await api("PATCH", `/api/v1/teams/${team.id}`, { token: await token(), body: { autoAssign: true } });
    expect(patch.status, patch.text).toBe(200);
    const second = await fileTicket(admin, team.id);
    expect(second.assigneeId).toBe(agent.user.id);
    // The batch under the old configuration filed nothing; the one under the new filed the ticket once.
    const listed = await api("GET", `/api/v1/tickets?teamId=${team.id}`, { token: await token() });
    expect(listed.status, listed.text).toBe(200);
    expect(listed.json.items).toHaveLength(2);
    expect((await historyOf(await fresh(admin), second.id)).filter((entry) => entry.action === "created")).toHaveLength(1);
    expect(await countOf("SELECT count(*) AS n FROM notifications WHERE ticket_id = ? AND user_id = ?", second.id, agent.user.id)).toBe(1);
    expect(second.key).toBe(`${team.key}-2`);
  });

  it("answers 400 naming teamId once the team is gone", async () => {
    const [team, other] = await Promise.all([createTeam(admin), createTeam(admin)]);
    const ticket = await fileTicket(admin, team.id);
    const moved = await api("PATCH", `/api/v1/tickets/${ticket.id}`, { token: await token(), body: { teamId: other.id } });
    expect(moved.status, moved.text).toBe(200);
    expect((await api("DELETE", `/api/v1/teams/${team.id}`, { token: await token() })).status).toBe(204);
    const res = await api("POST", "/api/v1/tickets", { token: await token(), body: { title: "Too late", priority: "P3", teamId: team.id } });
    expectError(res, 400, "E_VALIDATION");
    expect(res.json.details.issues).toEqual([expect.objectContaining({ path: "teamId" })]);
  });
});

describe("the remembered configuration", () => {
  it("is what a create files under while the organization's token is unchanged", async () => {
    // Shown by turning the token back by hand after a change: the create then takes its copy,
    // and runs on the targets from before the change, without reading them.
    const team: Team = await createTeam(admin);
    const body = { name: "Facilities", priority: "P4", category: "facilities", responseMinutes: 300, resolutionMinutes: 3000 };
    const { id } = await policy(body);
    expect((await fileTicket(admin, team.id, { priority: "P4", category: "facilities" })).sla.response.targetMinutes).toBe(300);
    const before = await versionOf(admin.user.orgId);
    await api("PUT", `/api/v1/sla/policies/${id}`, { token: await token(), body: { ...body, responseMinutes: 200 } });
    expect(await versionOf(admin.user.orgId)).not.toBe(before);
    await env.DB.prepare("UPDATE organizations SET config_version = ? WHERE id = ?").bind(before, admin.user.orgId).run();
    expect((await fileTicket(admin, team.id, { priority: "P4", category: "facilities" })).sla.response.targetMinutes).toBe(300);
  });
});

describe("a configuration that keeps changing", () => {
  it("answers 409 E_CONFIGURATION_CHANGED when it changed again before the second try, and files nothing", async () => {
    const team = await createTeam(admin);
    const orgId = admin.user.orgId;
    // A D1 on which the organization's configuration changes just before every batch: the read's
    // copy is always one change old when the write batch runs, the first try's and the second's.
    const changing = Object.create(env.DB, {
      batch: {
        value: async (statements: D1PreparedStatement[]) => {
          await env.DB.prepare("UPDATE organizations SET config_version = lower(hex(randomblob(8))) WHERE id = ?").bind(orgId).run();
          return env.DB.batch(statements);
        },
      },
    }) as D1Database;
    const ctx = { db: createDb(changing), caller: { id: admin.user.id, orgId, role: "admin" as const }, ip: null, now: new Date() };
    await expect(createTicket(ctx, { title: "Never filed", priority: "P3", teamId: team.id })).rejects.toMatchObject({ status: 409, code: "E_CONFIGURATION_CHANGED" });
    const listed = await api("GET", `/api/v1/tickets?teamId=${team.id}`, { token: await token() });
    expect(listed.status, listed.text).toBe(200);
    expect(listed.json.items).toEqual([]);
    // The same create on the database as it is files the team's first key: the tries moved no counter.
    expect((await fileTicket(admin, team.id)).key).toBe(`${team.key}-1`);
  });
});

describe("migration 0012's triggers", () => {
  it("renew the token on every change of a table creates read, and not on a create's own writes", async () => {
    const org = await registerOrg("Trigger Co");
    const orgId = org.user.orgId;
    const team = await createTeam(org);
    const renews = async (statement: string, ...params: unknown[]) => {
      const before = await versionOf(orgId);
      await env.DB.prepare(statement).bind(...params).run();
      return (await versionOf(orgId)) !== before;
    };
    const now = Date.now();
    const changes: [string, ...unknown[]][] = [
      ["INSERT INTO sla_calendars (id, org_id, name, timezone, hours, created_at, updated_at) VALUES ('cal-t', ?, 'c', 'UTC', '{}', ?, ?)", orgId, now, now],
      ["UPDATE sla_calendars SET name = 'd' WHERE id = 'cal-t'"],
      ["INSERT INTO sla_policies (id, org_id, name, priority, response_minutes, resolution_minutes, calendar_id, created_at, updated_at) VALUES ('pol-t', ?, 'p', 'P3', 1, 2, 'cal-t', ?, ?)", orgId, now, now],
      ["UPDATE sla_policies SET response_minutes = 5 WHERE id = 'pol-t'"],
      ["DELETE FROM sla_policies WHERE id = 'pol-t'"],
      ["DELETE FROM sla_calendars WHERE id = 'cal-t'"],
      ["INSERT INTO automations (id, org_id, name, on_event, conditions, actions, position, created_at, updated_at) VALUES ('rule-t', ?, 'r', 'ticket.created', '{}', '[]', 99, ?, ?)", orgId, now, now],
      ["UPDATE automations SET enabled = 0 WHERE id = 'rule-t'"],
      ["DELETE FROM automations WHERE id = 'rule-t'"],
      ["INSERT INTO escalation_policies (team_id, org_id, levels, thresholds, updated_at) VALUES (?, ?, '[]', '{}', ?)", team.id, orgId, now],
      ["UPDATE escalation_policies SET repeat = 1 WHERE team_id = ?", team.id],
      ["DELETE FROM escalation_policies WHERE team_id = ?", team.id],
      ["UPDATE teams SET auto_assign = 1 WHERE id = ?", team.id],
      ["INSERT INTO teams (id, org_id, name, key, created_at, updated_at) VALUES ('team-t', ?, 't', 'TRIG', ?, ?)", orgId, now, now],
      ["DELETE FROM teams WHERE id = 'team-t'"],
    ];
    for (const [statement, ...params] of changes) expect(await renews(statement, ...params), statement).toBe(true);
    // What a create writes to its team (the counters) is not configuration.
    expect(await renews("UPDATE teams SET last_ticket_number = last_ticket_number + 1, live_changes = live_changes + 1 WHERE id = ?", team.id)).toBe(false);
    await fileTicket(org, team.id);
    const before = await versionOf(orgId);
    await fileTicket(org, team.id);
    expect(await versionOf(orgId)).toBe(before);
  });
});
