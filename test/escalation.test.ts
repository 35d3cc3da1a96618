import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { TeamRoom } from "../src/live/team-room";
import { api, createUser, expectError, registerOrg, type Session } from "./helpers";
import { deliveriesWhere, inbox } from "./delivery-fixtures";
import { connect, roomOf, untilRoomSeq } from "./live-helpers";
import { MINUTE, runCron, setMetric } from "./risk-pass-fixtures";
import { addMember, createTeam, fileTicket, historyOf, moveThrough, type Team } from "./ticket-fixtures";

let admin: Session, manager: Session, agent: Session, first: Session, second: Session, third: Session;

beforeAll(async () => {
  admin = await registerOrg("Ladder Co");
  [manager, agent, first, second, third] = await Promise.all([
    createUser(admin, "manager"),
    createUser(admin, "agent"),
    createUser(admin, "agent", "First Line"),
    createUser(admin, "agent", "Second Line"),
    createUser(admin, "agent", "Third Line"),
  ]);
});

/** A team whose policy has three levels of one person each, 1, 2 and 3 minutes to acknowledge. */
async function ladderTeam(repeat = 0): Promise<Team> {
  const team = await createTeam(admin);
  for (const member of [manager, agent, first, second, third]) await addMember(admin, team.id, member.user.id);
  const levels = [first, second, third].map((person, index) => ({ userIds: [person.user.id], ackTimeoutMinutes: index + 1 }));
  const res = await api("PUT", `/api/v1/teams/${team.id}/escalation-policy`, { token: manager.accessToken, body: { levels, repeat } });
  expect(res.status, res.text).toBe(200);
  return team;
}

const ticketOf = async (id: string) => (await api("GET", `/api/v1/tickets/${id}`, { token: admin.accessToken })).json;
const escalatedTo = async (session: Session, ticketId: string) => (await inbox(session)).filter((n) => n.ticketId === ticketId && n.type === "ticket.escalated");

describe("the escalation ladder", () => {
  it("walks 1 → 2 → 3 as each timeout passes, loops `repeat` times, then stays silent", async () => {
    const team = await ladderTeam(1);
    const ticket = await fileTicket(agent, team.id);
    const escalated = await api("POST", `/api/v1/tickets/${ticket.id}/escalate`, { token: agent.accessToken, body: { reason: "customer is down" } });
    expect(escalated.status, escalated.text).toBe(200);
    expect(escalated.json).toMatchObject({ escalationLevel: 1, escalation: { level: 1, acknowledgedAt: null, acknowledgedBy: null } });
    const since = Date.parse(escalated.json.escalation.since);
    expect(Date.parse(escalated.json.escalation.nextStepAt)).toBe(since + MINUTE);

    // Each cron pass past the current level's timeout takes exactly one step.
    const levels: number[] = [];
    let at = since;
    for (const timeout of [1, 2, 3, 1, 2, 3, 5]) {
      at += timeout * MINUTE + 1_000;
      await runCron(at);
      levels.push((await ticketOf(ticket.id)).escalationLevel);
    }
    expect(levels).toEqual([2, 3, 1, 2, 3, 3, 3]);
    expect((await ticketOf(ticket.id)).escalation.nextStepAt).toBeNull();

    expect((await escalatedTo(first, ticket.id)).length).toBe(2);
    expect((await escalatedTo(second, ticket.id)).length).toBe(2);
    expect((await escalatedTo(third, ticket.id)).length).toBe(2);
    const steps = await api("GET", `/api/v1/escalations?ticketId=${ticket.id}&sort=createdAt`, { token: manager.accessToken });
    expect(steps.json.items.map((step: { level: number; trigger: string }) => `${step.trigger}:${step.level}`)).toEqual([
      "manual:1",
      "timeout:2",
      "timeout:3",
      "timeout:1",
      "timeout:2",
      "timeout:3",
    ]);
    const history = (await historyOf(admin, ticket.id)).filter((row) => row.action === "escalated");
    expect(history.map((row) => row.to.level)).toEqual([1, 2, 3, 1, 2, 3]);
  });

  it("stops on acknowledge by the level's person; others are refused; a later timeout does nothing", async () => {
    const team = await ladderTeam();
    const ticket = await fileTicket(agent, team.id);
    const escalated = await api("POST", `/api/v1/tickets/${ticket.id}/escalate`, { token: agent.accessToken, body: { reason: "help" } });
    expectError(await api("POST", `/api/v1/tickets/${ticket.id}/acknowledge`, { token: second.accessToken }), 403, "E_FORBIDDEN");
    const acknowledged = await api("POST", `/api/v1/tickets/${ticket.id}/acknowledge`, { token: first.accessToken });
    expect(acknowledged.status, acknowledged.text).toBe(200);
    expect(acknowledged.json.escalation).toMatchObject({ level: 1, acknowledgedBy: first.user.id, nextStepAt: null });
    expectError(await api("POST", `/api/v1/tickets/${ticket.id}/acknowledge`, { token: manager.accessToken }), 409, "E_NOTHING_TO_ACKNOWLEDGE");

    await runCron(Date.parse(escalated.json.escalation.since) + 10 * MINUTE);
    expect((await ticketOf(ticket.id)).escalationLevel).toBe(1);
    const open = await api("GET", `/api/v1/escalations?ticketId=${ticket.id}&open=true`, { token: manager.accessToken });
    expect(open.json.items).toEqual([]);
    const all = await api("GET", `/api/v1/escalations?ticketId=${ticket.id}`, { token: manager.accessToken });
    expect(all.json.items).toMatchObject([{ level: 1, trigger: "manual", reason: "help", acknowledgedBy: first.user.id }]);
  });

  it("sends nothing for a timeout that fires after the ticket was resolved", async () => {
    const team = await ladderTeam();
    const ticket = await fileTicket(agent, team.id);
    const escalated = await api("POST", `/api/v1/tickets/${ticket.id}/escalate`, { token: agent.accessToken, body: { reason: "help" } });
    await moveThrough(agent, ticket.id, ["resolved"]);
    await runCron(Date.parse(escalated.json.escalation.since) + 10 * MINUTE);
    expect(await ticketOf(ticket.id)).toMatchObject({ escalationLevel: 1, escalation: { nextStepAt: null } });
    expect(await escalatedTo(second, ticket.id)).toEqual([]);
    expectError(await api("POST", `/api/v1/tickets/${ticket.id}/escalate`, { token: agent.accessToken, body: { reason: "again" } }), 409, "E_TICKET_NOT_ACTIVE");
  });

  it("gives one level change for a manual and an SLA escalation at one instant, and one notification per person", async () => {
    const team = await ladderTeam();
    const ticket = await fileTicket(agent, team.id);
    const now = Date.now();
    await setMetric(ticket.id, { highRisk: now - 1_000, breached: now + 60 * MINUTE });
    const [manual] = await Promise.all([
      api("POST", `/api/v1/tickets/${ticket.id}/escalate`, { token: agent.accessToken, body: { reason: "now" } }),
      runCron(now),
    ]);
    expect(manual.status, manual.text).toBe(200);
    expect((await ticketOf(ticket.id)).escalationLevel).toBe(1);
    const steps = await api("GET", `/api/v1/escalations?ticketId=${ticket.id}`, { token: manager.accessToken });
    expect(steps.json.items).toHaveLength(1);
    expect(await escalatedTo(first, ticket.id)).toHaveLength(1);
    const emails = (await deliveriesWhere("ticket_id", ticket.id)).filter((d) => d.event === "ticket.escalated" && d.userId === first.user.id);
    expect(emails).toHaveLength(1);
  });

  it("escalates a P1 on creation, in the create's answer, and a second reopen to level 1", async () => {
    const team = await ladderTeam();
    const p1 = await fileTicket(agent, team.id, { priority: "P1" });
    expect(p1).toMatchObject({ escalationLevel: 1, escalation: { level: 1 } });
    expect(await escalatedTo(first, p1.id)).toHaveLength(1);
    const ticket = await fileTicket(agent, team.id);
    await moveThrough(agent, ticket.id, ["resolved", "open", "resolved"]);
    expect((await ticketOf(ticket.id)).escalationLevel).toBe(0);
    const reopened = await moveThrough(agent, ticket.id, ["open"]);
    expect(reopened).toMatchObject({ reopenCount: 2, escalationLevel: 1 });
    const steps = await api("GET", `/api/v1/escalations?ticketId=${ticket.id}`, { token: manager.accessToken });
    expect(steps.json.items).toMatchObject([{ level: 1, trigger: "reopen" }]);
  });

  it("steps on the room's alarm within a second of nextStepAt, and a later cron pass does nothing more", async () => {
    const team = await ladderTeam();
    const client = await connect(team.id, manager.accessToken);
    await client.take(1);
    const ticket = await fileTicket(agent, team.id);
    const escalated = await api("POST", `/api/v1/tickets/${ticket.id}/escalate`, { token: agent.accessToken, body: { reason: "help" } });
    const nextStepAt = Date.parse(escalated.json.escalation.nextStepAt);
    await untilRoomSeq(team, 2);
    const alarm = await runInDurableObject(roomOf(team), (_room: TeamRoom, state) => state.storage.getAlarm());
    expect(alarm).toBeLessThanOrEqual(nextStepAt);
    // Move the step into the past, as if its minute had passed, and let the alarm run.
    await env.DB.prepare("UPDATE tickets SET escalation_next_step_at = ? WHERE id = ?").bind(Date.now() - 1, ticket.id).run();
    await runDurableObjectAlarm(roomOf(team));
    await client.until(() => client.events().some((event) => event.type === "ticket.escalated" && event.ticket.escalationLevel === 2));
    await runCron(Date.now() + 30_000);
    expect((await ticketOf(ticket.id)).escalationLevel).toBe(2);
    expect((await api("GET", `/api/v1/escalations?ticketId=${ticket.id}`, { token: manager.accessToken })).json.items).toHaveLength(2);
    client.close();
  });
});
