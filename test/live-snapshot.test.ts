import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { SNAPSHOT_LIMIT } from "../src/live/room-d1";
import { insertBulkTickets } from "./bulk-tickets";
import { createUser, registerOrg, type Session } from "./helpers";
import { connect, connectToRoom, LiveClient, newTeam, roomOf, settle } from "./live-helpers";
import { MINUTE, setMetric } from "./risk-pass-fixtures";
import { fileTicket, type Team } from "./ticket-fixtures";

let admin: Session, agent: Session, requester: Session;

beforeAll(async () => {
  admin = await registerOrg("Snapshot Co");
  [agent, requester] = await Promise.all([createUser(admin, "agent"), createUser(admin, "requester")]);
});

const sockets: LiveClient[] = [];
afterEach(() => {
  for (const client of sockets.splice(0)) client.close();
});

/** The first message of a new socket on `team`: through the Worker's route, or straight on the room for a requester. */
async function firstSnapshot(team: Team, session: Session, query?: string) {
  const client = session.user.role === "requester" ? await connectToRoom(team, session) : await connect(team.id, session.accessToken, { query });
  sockets.push(client);
  const [first] = await client.take(1);
  expect(first!.type).toBe("snapshot");
  return { client, snapshot: first! };
}

const titles = (snapshot: Record<string, any>) => snapshot.tickets.map((ticket: { title: string }) => ticket.title) as string[];

describe("the snapshot of a team room", () => {
  it("holds at most 500 tickets and says partial when the team has more", async () => {
    expect(SNAPSHOT_LIMIT).toBe(500);
    const [full, over] = [await newTeam(admin, [agent]), await newTeam(admin, [agent])];
    await insertBulkTickets(full.id, admin.user.id, 500);
    await insertBulkTickets(over.id, admin.user.id, 501);

    const exact = (await firstSnapshot(full, agent)).snapshot;
    expect(exact.tickets).toHaveLength(500);
    expect(exact.partial).toBe(false);

    const { snapshot } = await firstSnapshot(over, agent);
    expect(snapshot.tickets).toHaveLength(500);
    expect(snapshot.partial).toBe(true);
    // Without clocks the tickets go by their update, newest first: the oldest is the one left out.
    expect(titles(snapshot)).not.toContain("Bulk 1");
    expect(snapshot.tickets[0].sla).toBeNull();
  });

  it("keeps the most urgent: worst risk band first, then earliest due, then the tickets without clocks", async () => {
    const team = await newTeam(admin, [agent]);
    const [atRisk, dueFirst, dueLater] = [
      await fileTicket(agent, team.id, { title: "At risk" }),
      await fileTicket(agent, team.id, { title: "Due first" }),
      await fileTicket(agent, team.id, { title: "Due later" }),
    ];
    const now = Date.now();
    await setMetric(atRisk.id, { warning: now - MINUTE, breached: now + 3 * 60 * MINUTE });
    for (const [ticket, breached] of [[dueFirst, now + 60 * MINUTE], [dueLater, now + 2 * 60 * MINUTE]] as const) {
      for (const metric of ["response", "resolution"] as const) await setMetric(ticket.id, { breached }, { metric });
    }
    // Newer than all three, and more than the snapshot holds.
    await insertBulkTickets(team.id, admin.user.id, 501, now + 1_000);

    const { snapshot } = await firstSnapshot(team, agent);
    expect(snapshot.partial).toBe(true);
    expect(titles(snapshot).slice(0, 4)).toEqual(["At risk", "Due first", "Due later", "Bulk 501"]);
    expect(snapshot.tickets).toHaveLength(500);
  });

  it("computes partial on the tickets a requester's socket may see", async () => {
    const team = await newTeam(admin, [agent]);
    await insertBulkTickets(team.id, admin.user.id, 501);
    const own = [await fileTicket(requester, team.id), await fileTicket(requester, team.id)];
    const staff = (await firstSnapshot(team, agent)).snapshot;
    expect([staff.tickets.length, staff.partial]).toEqual([500, true]);
    const mine = (await firstSnapshot(team, requester)).snapshot;
    expect(mine.partial).toBe(false);
    expect(mine.tickets.map((ticket: { id: string }) => ticket.id).sort()).toEqual(own.map((ticket) => ticket.id).sort());

    const theirs = await newTeam(admin, [agent]);
    await insertBulkTickets(theirs.id, requester.user.id, 501);
    const many = (await firstSnapshot(theirs, requester)).snapshot;
    expect([many.tickets.length, many.partial]).toEqual([500, true]);
  });

  it("says partial on every snapshot: after a since too old, and on a resync", async () => {
    const team = await newTeam(admin, [agent]);
    await insertBulkTickets(team.id, admin.user.id, 501);
    const { client, snapshot } = await firstSnapshot(team, agent);
    const again = (await firstSnapshot(team, agent, `?since=${snapshot.seq! + 99}`)).snapshot;
    expect(again).toMatchObject({ seq: snapshot.seq, partial: true });
    expect(again.tickets).toHaveLength(500);

    // A change D1 counted whose publish never came: two looks a grace period apart resync the room.
    await runDurableObjectAlarm(roomOf(team));
    await env.DB.prepare("UPDATE teams SET live_changes = live_changes + 1 WHERE id = ?").bind(team.id).run();
    await runDurableObjectAlarm(roomOf(team));
    await runDurableObjectAlarm(roomOf(team));
    await client.until(() => client.messages.length >= 2, 5_000, "the resync snapshot");
    await settle();
    const [, resync] = client.messages;
    expect(resync).toMatchObject({ type: "snapshot", seq: snapshot.seq! + 1, partial: true });
    expect(resync!.tickets).toHaveLength(500);
  });
});
