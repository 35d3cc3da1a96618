import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { TeamRoom } from "../src/live/team-room";
import { api, createUser, registerOrg, type Session } from "./helpers";
import { connect, LiveClient, newTeam, roomOf, settle, untilRoomSeq } from "./live-helpers";
import { eventsOf, MINUTE, runCron, setMetric, slaHistoryOf } from "./risk-pass-fixtures";
import { fileTicket, type Team } from "./ticket-fixtures";

let admin: Session, agent: Session;

beforeAll(async () => {
  admin = await registerOrg("Alarm Co");
  agent = await createUser(admin, "agent");
});

const sockets: LiveClient[] = [];
afterEach(() => {
  for (const client of sockets.splice(0)) client.close();
});

/** A socket on a new team's room, past its snapshot. */
async function watchNewTeam(): Promise<{ team: Team; client: LiveClient }> {
  const team = await newTeam(admin, [agent]);
  const client = await connect(team.id, agent.accessToken);
  sockets.push(client);
  await client.take(1);
  return { team, client };
}

const slaEvents = (client: LiveClient) => client.events().filter((event) => event.type.startsWith("sla."));
const alarmOf = (team: Team) => runInDurableObject(roomOf(team), (_room: TeamRoom, state) => state.storage.getAlarm());

/** Lets the room's own check against D1 run now (its alarm), as its timer would. */
const wakeRoom = (team: Team) => runDurableObjectAlarm(roomOf(team));

describe("on-time SLA alarms in the team room", () => {
  it("raises a crossing on time, with no cron: a P1's response is due soon from its creation", async () => {
    const { team, client } = await watchNewTeam();
    const ticket = await fileTicket(agent, team.id, { priority: "P1" });
    await client.until(() => slaEvents(client).length >= 1, 5_000, "the sla.due_soon event");
    const [created, dueSoon] = client.events();
    expect(created).toMatchObject({ type: "ticket.created", ticketId: ticket.id });
    expect(dueSoon).toMatchObject({ type: "sla.due_soon", seq: created!.seq! + 1, ticketId: ticket.id, metric: "response", band: "due_soon", at: ticket.createdAt });
    expect(dueSoon!.ticket).toMatchObject({ id: ticket.id, sla: { response: expect.any(Object) } });
    expect(await eventsOf(ticket.id)).toEqual([expect.objectContaining({ metric: "response", band: "due_soon" })]);
  });

  it("the alarm raises a due crossing once, and a later cron pass does not raise it again", async () => {
    const { team, client } = await watchNewTeam();
    const ticket = await fileTicket(agent, team.id);
    const now = Date.now();
    // As if time had passed: the resolution clock reached warning a second ago.
    await setMetric(ticket.id, { warning: now - 1_000, highRisk: now + 30 * MINUTE, breached: now + 60 * MINUTE });

    expect(await wakeRoom(team)).toBe(true);
    await client.until(() => slaEvents(client).length >= 1, 5_000, "the sla.warning event");
    expect(slaEvents(client)).toEqual([expect.objectContaining({ type: "sla.warning", ticketId: ticket.id, metric: "resolution", band: "warning", at: new Date(now - 1_000).toISOString() })]);
    // Its next alarm is no later than the next crossing.
    expect(await alarmOf(team)).toBeLessThanOrEqual(now + 30 * MINUTE);

    await runCron(Date.now());
    await settle();
    expect(slaEvents(client)).toHaveLength(1);
    expect((await eventsOf(ticket.id)).filter((event) => event.band === "warning")).toHaveLength(1);
    expect((await slaHistoryOf(ticket.id)).map((row) => row.action)).toEqual(["sla.warning"]);
  });

  it("the cron pass hands each room the events it raised, in step with D1", async () => {
    const { team, client } = await watchNewTeam();
    const ticket = await fileTicket(agent, team.id);
    const now = Date.now();
    await setMetric(ticket.id, { warning: now - 2 * MINUTE, breached: now + 60 * MINUTE });
    await runCron(now);
    await client.until(() => slaEvents(client).length >= 1, 5_000, "the sla.warning event");
    expect(slaEvents(client)).toEqual([expect.objectContaining({ type: "sla.warning", ticketId: ticket.id, band: "warning" })]);
    // Looking at D1 twice, a grace period apart, finds nothing missing: no resync snapshot.
    await wakeRoom(team);
    await wakeRoom(team);
    await settle();
    expect(client.messages.filter((message) => message.type === "snapshot")).toHaveLength(1);
  });

  it("a room that missed a crossing gets it from the cron and arms its alarm again from D1", async () => {
    const team = await newTeam(admin, [agent]);
    const ticket = await fileTicket(agent, team.id);
    // The room's first look at D1 (its check after the publish): its alarm goes to the ticket's next crossing.
    await wakeRoom(team);
    const now = Date.now();
    // Crossings the room was never told of: one already due, the next in three minutes.
    await setMetric(ticket.id, { warning: now - MINUTE, highRisk: now + 3 * MINUTE, breached: now + 60 * MINUTE });
    expect(await alarmOf(team)).toBeGreaterThan(now + 3 * MINUTE);
    await runCron(now);
    expect(await alarmOf(team)).toBe(now + 3 * MINUTE);
  });

  it("a policy change that brings crossings forward moves the alarms of the rooms it re-timed", async () => {
    const team = await newTeam(admin, [agent]);
    const ticket = await fileTicket(agent, team.id, { priority: "P4" });
    // The create's publish lands after its answer; waking the room before it would race it.
    await untilRoomSeq(team, 1);
    await wakeRoom(team);
    const created = Date.parse(ticket.createdAt);
    // P4's default response target is a day: its warning is half a day away.
    expect(await alarmOf(team)).toBeGreaterThan(created + 60 * MINUTE);

    const config = await api("PUT", "/api/v1/sla/config/P4", { token: admin.accessToken, body: { responseMinutes: 2, resolutionMinutes: 10, dueSoonMinutes: 1 } });
    expect(config.status, config.text).toBe(200);
    // Warning at half of two minutes: one minute after creation.
    await expect.poll(() => alarmOf(team), { timeout: 3_000 }).toBe(created + MINUTE);
  });
});

describe("a room out of step with D1", () => {
  it("notices a lost publish from D1 and resyncs every socket with a fresh snapshot", async () => {
    const { team, client } = await watchNewTeam();
    const ticket = await fileTicket(agent, team.id);
    await client.until(() => client.events().length >= 1);
    const created = client.events()[0]!.seq!;
    await wakeRoom(team);

    // A change committed in D1 whose publish never reached the room.
    await env.DB.batch([
      env.DB.prepare("UPDATE tickets SET title = 'Changed unseen', version = version + 1 WHERE id = ?").bind(ticket.id),
      env.DB.prepare("UPDATE teams SET live_changes = live_changes + 1 WHERE id = ?").bind(team.id),
    ]);
    // The first look might be a publish still on its way; the second, after the grace period, is not.
    await wakeRoom(team);
    await settle();
    expect(client.messages).toHaveLength(2);
    await wakeRoom(team);
    await client.until(() => client.messages.length >= 3, 5_000, "the resync snapshot");
    const resync = client.messages[2]!;
    expect(resync).toMatchObject({ type: "snapshot", seq: created + 1 });
    expect(resync.tickets.map((t: { title: string }) => t.title)).toEqual(["Changed unseen"]);

    // A client that saw only the created event cannot be replayed past the resync.
    const again = await connect(team.id, agent.accessToken, { query: `?since=${created}` });
    sockets.push(again);
    const [first] = await again.take(1);
    expect(first).toMatchObject({ type: "snapshot", seq: created + 1 });

    // And the room counts on from there: the next change is an ordinary event, with no further resync.
    expect((await api("PATCH", `/api/v1/tickets/${ticket.id}`, { token: agent.accessToken, body: { title: "Seen" } })).status).toBe(200);
    await client.until(() => client.messages.length >= 4);
    await wakeRoom(team);
    await wakeRoom(team);
    await settle();
    expect(client.messages.slice(3).map((m) => [m.type, m.seq])).toEqual([["ticket.updated", created + 2]]);
  });
});
