import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { api, createUser, registerOrg, type Session } from "./helpers";
import { inbox } from "./delivery-fixtures";
import { roomOf, untilRoomSeq } from "./live-helpers";
import { MINUTE, runCron, setMetric } from "./risk-pass-fixtures";
import { addMember, createTeam, fileTicket, historyOf, type Team } from "./ticket-fixtures";

let admin: Session, manager: Session, agent: Session, netAgent: Session, requester: Session;
let desk: Team, net: Team;

beforeAll(async () => {
  admin = await registerOrg("Rules Co");
  [manager, agent, netAgent, requester] = await Promise.all([createUser(admin, "manager"), createUser(admin, "agent"), createUser(admin, "agent", "Net Agent"), createUser(admin, "requester")]);
  desk = await createTeam(admin, "DESK");
  net = await createTeam(admin, "NET");
  await addMember(admin, desk.id, agent.user.id);
  await addMember(admin, net.id, netAgent.user.id, ["network"]);
});

async function rule(body: Record<string, unknown>) {
  const res = await api("POST", "/api/v1/automations", { token: manager.accessToken, body });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: string };
}

const setEnabled = (id: string, enabled: boolean, body: Record<string, unknown>) => api("PUT", `/api/v1/automations/${id}`, { token: manager.accessToken, body: { ...body, enabled } });

describe("automations at work", () => {
  it("on ticket.created, if category = network: set_team NET and assign auto, in the create's answer, with history naming the rule", async () => {
    const body = { name: "Network to NET", on: "ticket.created", if: { all: [{ field: "category", op: "eq", value: "network" }] }, then: [{ action: "set_team", teamId: net.id }, { action: "assign", auto: true }] };
    const created = await rule(body);
    const ticket = await fileTicket(requester, desk.id, { category: "network" });
    expect(ticket).toMatchObject({ teamId: net.id, assigneeId: netAgent.user.id });
    const history = await historyOf(admin, ticket.id);
    expect(history.filter((row) => row.action.startsWith("automation.")).map((row) => [row.action, row.to.ruleId])).toEqual([
      ["automation.set_team", created.id],
      ["automation.assign", created.id],
    ]);
    expect(history.find((row) => row.action === "assigned")!.to).toMatchObject({ assigneeId: netAgent.user.id, rule: "skills+least-active" });
    // Another category is left alone.
    const other = await fileTicket(requester, desk.id, { category: "printers" });
    expect(other).toMatchObject({ teamId: desk.id, assigneeId: null });
    await setEnabled(created.id, false, body);
  });

  it("on ticket.created, a rule's set_priority decides the SLA targets the new ticket starts with", async () => {
    const body = { name: "VIP is P1", on: "ticket.created", if: { all: [{ field: "category", op: "eq", value: "vip" }] }, then: [{ action: "set_priority", priority: "P1" }] };
    const created = await rule(body);
    const raised = await fileTicket(requester, desk.id, { category: "vip", priority: "P4" });
    const p1 = await fileTicket(requester, desk.id, { category: "plain", priority: "P1" });
    const p4 = await fileTicket(requester, desk.id, { category: "plain", priority: "P4" });
    expect(raised.priority).toBe("P1");
    expect(raised.sla.response.targetMinutes).toBe(p1.sla.response.targetMinutes);
    expect(raised.sla.resolution.targetMinutes).toBe(p1.sla.resolution.targetMinutes);
    expect(raised.sla.response.targetMinutes).not.toBe(p4.sla.response.targetMinutes);
    await setEnabled(created.id, false, body);
  });

  it("runs each rule once per event: rules whose changes would fire each other do not loop", async () => {
    const tagA = { name: "Tag a", on: "ticket.updated", then: [{ action: "add_tag", tag: "a" }] };
    const tagB = { name: "Tag b", on: "ticket.updated", then: [{ action: "add_tag", tag: "b" }] };
    const [a, b] = [await rule(tagA), await rule(tagB)];
    const ticket = await fileTicket(agent, desk.id);
    const res = await api("PATCH", `/api/v1/tickets/${ticket.id}`, { token: agent.accessToken, body: { title: "Printer jams badly" } });
    expect(res.status, res.text).toBe(200);
    expect(res.json.tags).toEqual(["a", "b"]);
    const history = await historyOf(admin, ticket.id);
    expect(history.filter((row) => row.action === "automation.add_tag").map((row) => row.to.ruleId)).toEqual([a.id, b.id]);
    await setEnabled(a.id, false, tagA);
    await setEnabled(b.id, false, tagB);
  });

  it("escalates, comments and notifies on the events they name, standing with the change", async () => {
    const escalate = { name: "P2 pending escalates", on: "ticket.status_changed", if: { all: [{ field: "status", op: "changed_to", value: "pending" }] }, then: [{ action: "escalate" }] };
    const note = { name: "Note on reply", on: "comment.added", then: [{ action: "comment", body: "Auto-reply: we are on it", public: false }, { action: "notify", userIds: [manager.user.id] }] };
    const [e, n] = [await rule(escalate), await rule(note)];
    const ticket = await fileTicket(agent, desk.id);
    const moved = await api("PATCH", `/api/v1/tickets/${ticket.id}/status`, { token: agent.accessToken, body: { status: "pending" } });
    expect(moved.json).toMatchObject({ status: "pending", escalationLevel: 1 });
    const steps = await api("GET", `/api/v1/escalations?ticketId=${ticket.id}`, { token: manager.accessToken });
    expect(steps.json.items).toMatchObject([{ level: 1, trigger: "automation" }]);

    await api("POST", `/api/v1/tickets/${ticket.id}/comments`, { token: agent.accessToken, body: { body: "looking" } });
    const comments = await api("GET", `/api/v1/tickets/${ticket.id}/comments`, { token: agent.accessToken });
    // Both at one instant: the order between them is not the point.
    expect(comments.json.items.map((c: { body: string; public: boolean }) => `${c.body}/${c.public}`).sort()).toEqual(["Auto-reply: we are on it/false", "looking/true"]);
    expect((await inbox(manager)).filter((x) => x.ticketId === ticket.id && x.type === "automation.notify")).toHaveLength(1);
    await setEnabled(e.id, false, escalate);
    await setEnabled(n.id, false, note);
  });

  it("runs rules on the SLA events a pass raises, once, whether the room's alarm or the cron raised them", async () => {
    const breach = { name: "Tag breaches", on: "sla.breached", then: [{ action: "add_tag", tag: "breached" }, { action: "notify", userIds: [manager.user.id] }] };
    const created = await rule(breach);
    const viaCron = await fileTicket(admin, net.id);
    const viaRoom = await fileTicket(agent, desk.id);
    const now = Date.now();
    for (const ticket of [viaCron, viaRoom]) {
      await env.DB.prepare("DELETE FROM sla_metrics WHERE ticket_id = ? AND metric = 'response'").bind(ticket.id).run();
      await setMetric(ticket.id, { breached: now - 1_000 });
    }
    await untilRoomSeq(desk, 1);
    await runDurableObjectAlarm(roomOf(desk));
    await runCron(now);
    await runCron(now + 5 * MINUTE);
    for (const ticket of [viaCron, viaRoom]) {
      const read = await api("GET", `/api/v1/tickets/${ticket.id}`, { token: admin.accessToken });
      expect(read.json.tags).toEqual(["breached"]);
      const history = await historyOf(admin, ticket.id);
      expect(history.filter((row) => row.action === "automation.add_tag").map((row) => row.to.ruleId)).toEqual([created.id]);
      expect((await inbox(manager)).filter((n) => n.ticketId === ticket.id && n.type === "automation.notify")).toHaveLength(1);
    }
    await setEnabled(created.id, false, breach);
  });
});

