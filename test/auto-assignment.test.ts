import { beforeAll, describe, expect, it } from "vitest";
import { api, createUser, registerOrg, type Session } from "./helpers";
import { inbox } from "./delivery-fixtures";
import { createTeam, fileTicket, historyOf, type Team } from "./ticket-fixtures";

let admin: Session, manager: Session, agents: Session[], requester: Session;

beforeAll(async () => {
  admin = await registerOrg("Assign Co");
  [manager, requester, ...agents] = await Promise.all([
    createUser(admin, "manager"),
    createUser(admin, "requester"),
    createUser(admin, "agent", "Agent A"),
    createUser(admin, "agent", "Agent B"),
    createUser(admin, "agent", "Agent C"),
    createUser(admin, "agent", "Agent D"),
  ]);
});

type Member = { session: Session; skills?: string[]; available?: boolean; maxActive?: number | null };

/** A team with auto-assignment on, its manager, and the members given. */
async function autoTeam(members: Member[]): Promise<Team> {
  const team = await createTeam(admin);
  expect((await api("PATCH", `/api/v1/teams/${team.id}`, { token: admin.accessToken, body: { autoAssign: true } })).status).toBe(200);
  await api("PUT", `/api/v1/teams/${team.id}/members/${manager.user.id}`, { token: admin.accessToken, body: { skills: [], available: false } });
  for (const member of members) {
    const body = { skills: member.skills ?? ["network"], available: member.available ?? true, ...(member.maxActive !== undefined && { maxActive: member.maxActive }) };
    const res = await api("PUT", `/api/v1/teams/${team.id}/members/${member.session.user.id}`, { token: admin.accessToken, body });
    expect(res.status, res.text).toBe(200);
  }
  return team;
}

const file = (team: Team, fields: Record<string, unknown> = {}) => fileTicket(requester, team.id, { category: "network", ...fields });
const tally = (tickets: Record<string, any>[]) => {
  const counts = new Map<string | null, number>();
  for (const ticket of tickets) counts.set(ticket.assigneeId, (counts.get(ticket.assigneeId) ?? 0) + 1);
  return counts;
};

describe("auto-assignment", () => {
  it("spreads 30 tickets over 3 equally skilled agents 10/10/10, and explains each choice in history", async () => {
    const team = await autoTeam(agents.slice(0, 3).map((session) => ({ session })));
    const tickets = [];
    for (let i = 0; i < 30; i += 1) tickets.push(await file(team));
    expect([...tally(tickets).values()]).toEqual([10, 10, 10]);
    expect(tickets.slice(0, 3).map((ticket) => ticket.assigneeId).sort()).toEqual(agents.slice(0, 3).map((agent) => agent.user.id).sort());
    const history = await historyOf(admin, tickets[0]!.id);
    expect(history.find((row) => row.action === "assigned")!.to).toEqual({ assigneeId: tickets[0]!.assigneeId, auto: true, rule: "skills+least-active", candidates: 3 });
  });

  it("spreads 30 concurrent creates 10/10/10 too", async () => {
    const team = await autoTeam(agents.slice(0, 3).map((session) => ({ session })));
    const tickets = await Promise.all(Array.from({ length: 30 }, () => file(team)));
    expect([...tally(tickets).values()].sort()).toEqual([10, 10, 10]);
  });

  it("skips an unavailable agent and one at maxActive, and prefers the skilled", async () => {
    // Fresh agents: active tickets count across teams.
    const [a, b, c, d] = await Promise.all(["W", "X", "Y", "Z"].map((name) => createUser(admin, "agent", `Agent ${name}`)));
    const team = await autoTeam([
      { session: a!, available: false },
      { session: b!, maxActive: 1 },
      { session: c! },
      { session: d!, skills: ["printers"] },
    ]);
    const tickets = [];
    for (let i = 0; i < 4; i += 1) tickets.push(await file(team));
    expect(tally(tickets)).toEqual(new Map([[b!.user.id, 1], [c!.user.id, 3]]));
    // Nobody has the category: every available member under capacity is a candidate.
    const other = await file(team, { category: "unknown-thing" });
    expect(other.assigneeId).toBe(d!.user.id);
  });

  it("leaves a ticket unassigned and tells the team's managers when no one is eligible", async () => {
    const team = await autoTeam([{ session: agents[0]!, available: false }]);
    const ticket = await file(team);
    expect(ticket.assigneeId).toBeNull();
    const notices = (await inbox(manager)).filter((n) => n.ticketId === ticket.id);
    expect(notices).toMatchObject([{ type: "ticket.unassignable", message: `${ticket.key}: could not be assigned: no available member with the skill has room` }]);
  });

  it("assigns an existing ticket with {auto: true}, and leaves teams without autoAssign alone on create", async () => {
    const team = await createTeam(admin);
    await api("PUT", `/api/v1/teams/${team.id}/members/${agents[1]!.user.id}`, { token: admin.accessToken, body: { skills: ["network"], available: true } });
    const ticket = await file(team);
    expect(ticket.assigneeId).toBeNull();
    const res = await api("POST", `/api/v1/tickets/${ticket.id}/assign`, { token: manager.accessToken, body: { auto: true } });
    expect(res.status, res.text).toBe(200);
    expect(res.json.assigneeId).toBe(agents[1]!.user.id);
    const bad = await api("POST", `/api/v1/tickets/${ticket.id}/assign`, { token: manager.accessToken, body: { auto: false } });
    expect(bad.status).toBe(400);
  });
});
