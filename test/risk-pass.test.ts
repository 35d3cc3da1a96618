import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { runRiskPass } from "../src/jobs/risk-pass";
import { pickDue } from "../src/jobs/risk-pass-sql";
import { createUser, registerOrg, type Session } from "./helpers";
import { clearSla, cronAt, eventsOf, MINUTE, notificationsOf, runCron, setMetric, slaHistoryOf } from "./risk-pass-fixtures";
import { addMember, createTeam, fileTicket, historyOf, type Team } from "./ticket-fixtures";

// A fixed clock well after any instant a ticket write could have stored from the real time.
const T0 = Date.UTC(2031, 2, 3, 9, 0);
const at = (minutes: number) => T0 + minutes * MINUTE;

let admin: Session, managerIn: Session, managerOut: Session, agent: Session;
let ops: Team, desk: Team;
let foreign: { admin: Session; manager: Session; team: Team };
let tiny: { admin: Session; team: Team };

/** A ticket with no SLA rows but the ones the test writes. */
async function bareTicket(session: Session, teamId: string) {
  const ticket = await fileTicket(session, teamId);
  await env.DB.prepare("DELETE FROM sla_metrics WHERE ticket_id = ?").bind(ticket.id).run();
  return ticket;
}

beforeAll(async () => {
  admin = await registerOrg("Risk Co");
  [managerIn, managerOut, agent] = await Promise.all([createUser(admin, "manager"), createUser(admin, "manager"), createUser(admin, "agent")]);
  [ops, desk] = [await createTeam(admin, "OPS"), await createTeam(admin, "DESK")];
  await addMember(admin, ops.id, managerIn.user.id);
  await addMember(admin, ops.id, agent.user.id);
  await addMember(admin, desk.id, agent.user.id);
  const foreignAdmin = await registerOrg("Elsewhere");
  foreign = { admin: foreignAdmin, manager: await createUser(foreignAdmin, "manager"), team: await createTeam(foreignAdmin, "OPS") };
  await addMember(foreignAdmin, foreign.team.id, foreign.manager.user.id);
  const tinyAdmin = await registerOrg("No Managers");
  tiny = { admin: tinyAdmin, team: await createTeam(tinyAdmin, "TINY") };
});

beforeEach(clearSla);

describe("the risk pass driven by scheduled()", () => {
  it("raises each band once, at the first pass after its instant, in the order of the instants", async () => {
    const ticket = await bareTicket(admin, ops.id);
    // Due-soon (60 min before due) comes before high-risk here: a short 4 h target.
    await setMetric(ticket.id, { warning: at(60), dueSoon: at(150), highRisk: at(180), breached: at(240) });
    const passes = [0, 30, 65, 65, 100, 155, 185, 245, 300, 600];
    const raised = [];
    for (const minutes of passes) raised.push((await cronAt(at(minutes))).eventsRaised);
    expect(raised).toEqual([0, 0, 1, 0, 0, 1, 1, 1, 0, 0]);

    expect(await eventsOf(ticket.id)).toEqual([
      { metric: "resolution", band: "warning", at: at(60), recordedAt: at(65) },
      { metric: "resolution", band: "due_soon", at: at(150), recordedAt: at(155) },
      { metric: "resolution", band: "high_risk", at: at(180), recordedAt: at(185) },
      { metric: "resolution", band: "breached", at: at(240), recordedAt: at(245) },
    ]);
    const history = await slaHistoryOf(ticket.id);
    expect(history.map((row) => [row.action, row.at, row.actorId])).toEqual([
      ["sla.warning", at(65), null],
      ["sla.due_soon", at(155), null],
      ["sla.high_risk", at(185), null],
      ["sla.breached", at(245), null],
    ]);
    expect(history[2]!.to).toEqual({ metric: "resolution", band: "high_risk", at: at(180) });
    // The same rows as the API shows them.
    const shown = (await historyOf(admin, ticket.id)).filter((row) => row.action.startsWith("sla."));
    expect(shown.map((row) => [row.action, row.actorId, row.to])).toEqual(history.map((row) => [row.action, null, row.to]));
    const metric = await env.DB.prepare("SELECT next_crossing_at AS next FROM sla_metrics WHERE ticket_id = ?").bind(ticket.id).first();
    expect(metric).toEqual({ next: null });
  });

  it("records the crossings one pass finds in the order of their instants, across metrics", async () => {
    const ticket = await bareTicket(admin, ops.id);
    await setMetric(ticket.id, { warning: at(10), highRisk: at(20), dueSoon: at(20), breached: at(30) });
    await setMetric(ticket.id, { warning: at(5), highRisk: at(25) }, { metric: "response" });
    expect((await cronAt(at(40))).eventsRaised).toBe(6);
    const order = ["response warning", "resolution warning", "resolution high_risk", "resolution due_soon", "response high_risk", "resolution breached"];
    expect((await eventsOf(ticket.id)).map((event) => `${event.metric} ${event.band}`)).toEqual(order);
    expect((await slaHistoryOf(ticket.id)).map((row) => `${row.to.metric} ${row.to.band}`)).toEqual(order);
    expect((await notificationsOf(ticket.id)).map((row) => `${row.metric} ${row.band}`)).toEqual(order);
  });

  it("raises nothing twice when the same pass runs twice or passes overlap", async () => {
    const tickets = [await bareTicket(admin, ops.id), await bareTicket(admin, ops.id)];
    for (const ticket of tickets) await setMetric(ticket.id, { warning: at(10), highRisk: at(20), dueSoon: at(22), breached: at(30) });
    await Promise.all([runCron(at(60)), runCron(at(60)), runCron(at(25)), runCron(at(60))]);
    await runCron(at(60));
    await runCron(at(90));
    for (const ticket of tickets) {
      expect((await eventsOf(ticket.id)).map((event) => event.band)).toEqual(["warning", "high_risk", "due_soon", "breached"]);
      expect(await slaHistoryOf(ticket.id)).toHaveLength(4);
      const notes = await notificationsOf(ticket.id);
      expect(notes.map((note) => note.band)).toEqual(["warning", "high_risk", "due_soon", "breached"]);
    }
  });

  it("notifies the team's managers; the organization's managers when the team has none; never agents or other organizations", async () => {
    const [inOps, inDesk, elsewhere, inTiny] = [
      await bareTicket(admin, ops.id),
      await bareTicket(admin, desk.id),
      await bareTicket(foreign.admin, foreign.team.id),
      await bareTicket(tiny.admin, tiny.team.id),
    ];
    for (const ticket of [inOps, inDesk, elsewhere, inTiny]) await setMetric(ticket.id, { highRisk: at(180), breached: at(240) });
    expect((await cronAt(at(200))).eventsRaised).toBe(4);

    const opsNotes = await notificationsOf(inOps.id);
    expect(opsNotes).toEqual([
      {
        userId: managerIn.user.id,
        orgId: admin.user.orgId,
        type: "sla.high_risk",
        ticketKey: inOps.key,
        metric: "resolution",
        band: "high_risk",
        message: `${inOps.key}: resolution is at high risk (due 2031-03-03T13:00Z)`,
        createdAt: at(200),
      },
    ]);
    const deskUsers = (await notificationsOf(inDesk.id)).map((note) => note.userId).sort();
    expect(deskUsers).toEqual([managerIn.user.id, managerOut.user.id].sort());
    expect((await notificationsOf(elsewhere.id)).map((note) => note.userId)).toEqual([foreign.manager.user.id]);
    // An organization without managers: its admins, so a breach always reaches someone who can act.
    expect((await notificationsOf(inTiny.id)).map((note) => note.userId)).toEqual([tiny.admin.user.id]);

    const { results } = await env.DB.prepare("SELECT DISTINCT user_id AS id FROM notifications").all<{ id: string }>();
    const recipients = results.map((row) => row.id);
    for (const nobody of [agent, admin, foreign.admin]) expect(recipients).not.toContain(nobody.user.id);
  });

  it("never reads a paused or met metric, nor raises a crossing after its clock stopped", async () => {
    const paused = await bareTicket(admin, ops.id);
    // Instants in the past but no next crossing: if the pass read the row, it would raise them.
    await setMetric(paused.id, { warning: at(10), breached: at(30) }, { pausedSince: at(5), nextCrossingAt: null });
    await setMetric(paused.id, {}, { metric: "response", metAt: at(1) });
    const met = await bareTicket(admin, ops.id);
    await setMetric(met.id, { warning: at(10), highRisk: at(20), breached: at(40) }, { metAt: at(15) });

    const log = await cronAt(at(60));
    expect(log).toMatchObject({ metricsTouched: 1, eventsRaised: 1 });
    expect(await eventsOf(paused.id)).toEqual([]);
    expect((await eventsOf(met.id)).map((event) => event.band)).toEqual(["warning"]);
    const next = await env.DB.prepare("SELECT count(*) AS n FROM sla_metrics WHERE next_crossing_at IS NOT NULL").first();
    expect(next).toEqual({ n: 0 });
  });

  it("reads one index entry at most when nothing crosses, however many clocks run", async () => {
    const quiet = async () => (await cronAt(at(50))) as { rounds: number; eventsRaised: number; rowsRead: number };
    for (let i = 0; i < 2; i += 1) await setMetric((await bareTicket(admin, ops.id)).id, { warning: at(100), breached: at(240) });
    const few = await quiet();
    for (let i = 0; i < 20; i += 1) await setMetric((await bareTicket(admin, desk.id)).id, { warning: at(60 + i), breached: at(240) });
    const many = await quiet();
    expect(few).toMatchObject({ rounds: 0, eventsRaised: 0 });
    expect(many).toMatchObject({ rounds: 0, eventsRaised: 0 });
    expect(many.rowsRead).toBe(few.rowsRead);
    expect(many.rowsRead).toBeLessThanOrEqual(1);
    for (const scoped of [false, true]) {
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${pickDue(scoped)}`)
        .bind(...(scoped ? ["", at(50), 10, ops.id] : ["", at(50), 10]))
        .all<{ detail: string }>();
      const details = plan.results.map((row) => row.detail).join("\n");
      const index = scoped ? "sla_metrics_team_next_crossing_idx" : "sla_metrics_next_crossing_idx";
      expect(details).toMatch(new RegExp(`SEARCH sla_metrics USING COVERING INDEX ${index}`));
      expect(details).not.toMatch(/SCAN|TEMP B-TREE/);
    }
  });

  it("works in rounds of at most `limit` metrics, and can be scoped to one team", async () => {
    const [a, b, c] = [await bareTicket(admin, ops.id), await bareTicket(admin, ops.id), await bareTicket(admin, desk.id)];
    for (const ticket of [a, b]) {
      await setMetric(ticket.id, { warning: at(10) });
      await setMetric(ticket.id, { warning: at(12) }, { metric: "response" });
    }
    await setMetric(c.id, { warning: at(11) });
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    onTestFinished(() => info.mockRestore());
    expect(await runRiskPass(env.DB, at(20), { teamId: desk.id })).toMatchObject({ rounds: 1, metricsTouched: 1, eventsRaised: 1 });
    expect(await runRiskPass(env.DB, at(20), { limit: 2 })).toMatchObject({ rounds: 3, metricsTouched: 4, eventsRaised: 4 });
    expect(await runRiskPass(env.DB, at(20), { limit: 2 })).toMatchObject({ rounds: 0, metricsTouched: 0, eventsRaised: 0 });
  });
});
