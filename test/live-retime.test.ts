import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { insertBulkTickets } from "./bulk-tickets";
import { api, createUser, registerOrg, type Session } from "./helpers";
import { connect, LiveClient, newTeam, roomOf, settle, untilRoomSeq } from "./live-helpers";
import { MINUTE } from "./risk-pass-fixtures";
import { fileTicket, type Team } from "./ticket-fixtures";

const EVERY_DAY = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((day) => [day, [["00:00", "24:00"]]]));
// Far enough that no crossing falls due while a test runs: only the re-time's events reach the sockets.
const TARGETS = { responseMinutes: 120, resolutionMinutes: 1200, dueSoonMinutes: 10 };

const sockets: LiveClient[] = [];
afterEach(() => {
  for (const client of sockets.splice(0)) client.close();
});

/** An organization of its own (policies are organization-wide) with an agent in two teams. */
async function twoTeams() {
  const admin = await registerOrg("Retime Live Co");
  const agent = await createUser(admin, "agent");
  return { admin, agent, team: await newTeam(admin, [agent]), other: await newTeam(admin, [agent]) };
}

async function call(admin: Session, method: string, path: string, body: unknown, status = 200) {
  const res = await api(method, path, { token: admin.accessToken, body });
  expect(res.status, res.text).toBe(status);
  return res.json;
}

/** A socket on `team` once the publishes of its `created` tickets landed, past its snapshot (whose seq it answers). */
async function watch(team: Team, agent: Session, created: number) {
  await untilRoomSeq(team, created);
  const client = await connect(team.id, agent.accessToken);
  sockets.push(client);
  const [snapshot] = await client.take(1);
  return { client, seq: snapshot!.seq! };
}

/** Waits for `count` events, and a moment more to see that no other came. */
async function eventsOf(client: LiveClient, count: number) {
  await client.until(() => client.events().length >= count, 5_000, `${count} events`);
  await settle();
  return client.events();
}

/** The re-timed tickets as the socket received them: each one `ticket.updated`, seq rising by one from `seq`. */
function expectUpdates(events: Record<string, any>[], seq: number, ids: string[]) {
  expect(events.map((event) => event.type)).toEqual(ids.map(() => "ticket.updated"));
  expect(events.map((event) => event.seq)).toEqual(ids.map((_, i) => seq + 1 + i));
  expect(events.map((event) => event.ticketId).sort()).toEqual([...ids].sort());
}

async function liveChanges(team: Team): Promise<number> {
  return (await env.DB.prepare("SELECT live_changes FROM teams WHERE id = ?").bind(team.id).first<{ live_changes: number }>())!.live_changes;
}

const METRIC_COLUMNS = ["metric", "org_id", "team_id", "policy_id", "calendar_id", "target_minutes", "due_soon_minutes", "started_at", "paused_ms", "paused_since",
  "met_at", "met_elapsed_ms", "due_at", "warning_at", "high_risk_at", "due_soon_at", "breached_at", "next_crossing_at"];

/** Gives every other ticket of `team` the clocks of `model`, as if filed with it, straight in D1. */
async function copyClocks(team: Team, model: { id: string }) {
  const [columns, copied] = [METRIC_COLUMNS.join(", "), METRIC_COLUMNS.map((column) => `m.${column}`).join(", ")];
  await env.DB.prepare(`INSERT INTO sla_metrics (ticket_id, ${columns}) SELECT t.id, ${copied} FROM tickets t JOIN sla_metrics m ON m.ticket_id = ?2 WHERE t.team_id = ?1 AND t.id <> ?2`)
    .bind(team.id, model.id)
    .run();
}

const dueAt = (ticket: Record<string, any>, minutes: number) => new Date(Date.parse(ticket.createdAt) + minutes * MINUTE).toISOString();

describe("a policy or calendar edit on the live board", () => {
  it("sends ticket.updated with the new targets for each ticket of the team a default policy re-timed, and no other", async () => {
    const { admin, agent, team, other } = await twoTeams();
    // P3 and P4 (unlike P1 and P2) are not due soon from their creation: no SLA event interleaves.
    const governed = [await fileTicket(agent, team.id, { priority: "P3" }), await fileTicket(agent, team.id, { priority: "P3" })];
    await fileTicket(agent, team.id, { priority: "P4" });
    const elsewhere = await fileTicket(agent, other.id, { priority: "P3" });
    const [here, there] = [await watch(team, agent, 3), await watch(other, agent, 1)];

    await call(admin, "PUT", "/api/v1/sla/config/P3", TARGETS);
    const events = await eventsOf(here.client, 2);
    expectUpdates(events, here.seq, governed.map((ticket) => ticket.id));
    for (const event of events) {
      const ticket = governed.find((filed) => filed.id === event.ticketId)!;
      expect(event.ticket.sla.resolution).toMatchObject({ targetMinutes: 1200, dueAt: dueAt(ticket, 1200) });
      expect(event.ticket.sla.response.targetMinutes).toBe(120);
    }
    expectUpdates(await eventsOf(there.client, 1), there.seq, [elsewhere.id]);

    // D1 counted each re-time as a change of its team, as the room did: two looks a grace period apart find it in step.
    expect([await liveChanges(team), await liveChanges(other)]).toEqual([3 + 2, 1 + 1]);
    await runDurableObjectAlarm(roomOf(team));
    await runDurableObjectAlarm(roomOf(team));
    await settle();
    expect(here.client.messages.filter((message) => message.type === "snapshot")).toHaveLength(1);
  });

  it("sends every re-timed ticket of a large team in seq order, in several requests and D1 batches, in step with D1", async () => {
    const { admin, agent, team } = await twoTeams();
    const model = await fileTicket(agent, team.id);
    await insertBulkTickets(team.id, admin.user.id, 249);
    await copyClocks(team, model);
    const { client, seq } = await watch(team, agent, 1);

    await call(admin, "PUT", "/api/v1/sla/config/P3", TARGETS);
    const events = await eventsOf(client, 250);
    expect(events.map((event) => [event.type, event.seq])).toEqual(events.map((_, i) => ["ticket.updated", seq + 1 + i]));
    expect(new Set(events.map((event) => event.ticketId)).size).toBe(250);
    expect(events.every((event) => event.ticket.sla.resolution.targetMinutes === 1200)).toBe(true);

    expect(await liveChanges(team)).toBe(1 + 250);
    await runDurableObjectAlarm(roomOf(team));
    await runDurableObjectAlarm(roomOf(team));
    await settle();
    expect(client.messages.filter((message) => message.type === "snapshot")).toHaveLength(1);
  });

  it("does the same for a policy replaced through /sla/policies/{id}", async () => {
    const { admin, agent, team } = await twoTeams();
    const policy = await call(admin, "POST", "/api/v1/sla/policies", { name: "Hardware", priority: "P4", category: "hardware", ...TARGETS }, 201);
    const governed = [await fileTicket(agent, team.id, { priority: "P4", category: "hardware" }), await fileTicket(agent, team.id, { priority: "P4", category: "hardware" })];
    const { client, seq } = await watch(team, agent, 2);

    await call(admin, "PUT", `/api/v1/sla/policies/${policy.id}`, { name: "Hardware", priority: "P4", category: "hardware", ...TARGETS, resolutionMinutes: 900 });
    const events = await eventsOf(client, 2);
    expectUpdates(events, seq, governed.map((ticket) => ticket.id));
    for (const event of events) expect(event.ticket.sla).toMatchObject({ policyId: policy.id, resolution: { targetMinutes: 900 } });
  });

  it("sends ticket.updated with the new due instants for each ticket a calendar edit re-timed", async () => {
    const { admin, agent, team, other } = await twoTeams();
    // Ten minutes a week: the clocks are due weeks away until the calendar counts every minute.
    const calendar = await call(admin, "POST", "/api/v1/calendars", { name: "Sparse", timezone: "UTC", hours: { sun: [["00:00", "00:10"]] } }, 201);
    await call(admin, "POST", "/api/v1/sla/policies", { name: "Sparse", priority: "P4", category: "sparse", calendarId: calendar.id, ...TARGETS }, 201);
    const governed = [await fileTicket(agent, team.id, { priority: "P4", category: "sparse" }), await fileTicket(agent, team.id, { priority: "P4", category: "sparse" })];
    await fileTicket(agent, other.id, { priority: "P4", category: "sparse" });
    const { client, seq } = await watch(team, agent, 2);

    await call(admin, "PUT", `/api/v1/calendars/${calendar.id}`, { name: "Always", timezone: "UTC", hours: EVERY_DAY });
    const events = await eventsOf(client, 2);
    expectUpdates(events, seq, governed.map((ticket) => ticket.id));
    for (const event of events) {
      const ticket = governed.find((filed) => filed.id === event.ticketId)!;
      expect(event.ticket.sla.resolution.dueAt).toBe(dueAt(ticket, 1200));
      expect(event.ticket.sla.response.dueAt).toBe(dueAt(ticket, 120));
    }
  });
});
