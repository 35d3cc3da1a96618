/**
 * The alert-lag measurement: an SLA policy of the bench's own (its priority + a category no one
 * else uses, so that only the bench's tickets fall under it, on the 24x7 calendar), tickets filed
 * under it spread over a few seconds, and sockets open on the team while their clocks cross their
 * bands. Lag = receipt on the first socket − the event's `at`.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { describeCrossing, expectCrossings, MINUTE, planCrossings } from "./alert-schedule.mjs";
import { recordSlaEvent, tallyAlerts } from "./alert-tally.mjs";
import { judgeAlerts } from "./fanout-report.mjs";
import { ms } from "./fanout-tables.mjs";

/** How long after the last expected crossing the phase still waits for it to arrive. */
const GRACE_MS = 10_000;
/** How often the wait says how far it got. */
const PROGRESS_MS = 15_000;

/** Runs the phase into `run.report.alerts` (set first, so that an abort part-way reports what it was doing). */
export async function measureAlerts(run, teamId) {
  const { settings, step, report, api } = run;
  const policySettings = settings.policy;
  const category = `bench-${run.id}`;
  const plan = planCrossings(policySettings, settings.horizonMinutes);
  const result = {
    policy: { ...policySettings, category, calendar: "24x7" },
    tickets: settings.alertTickets,
    sockets: settings.alertSockets,
    horizonMinutes: settings.horizonMinutes,
    timedCrossings: plan.timed.map(describeCrossing),
    notTimed: plan.offsets.filter((crossing) => !plan.timed.includes(crossing)).map(describeCrossing),
  };
  report.alerts = result;

  step(`alert lag: an SLA policy for ${policySettings.priority} + category ${category} (response ${policySettings.responseMinutes} min, resolution ${policySettings.resolutionMinutes} min, due soon ${policySettings.dueSoonMinutes} min, 24x7)`);
  const policy = await api.createPolicy({
    name: `bench fanout ${run.id}`,
    priority: policySettings.priority,
    category,
    responseMinutes: policySettings.responseMinutes,
    resolutionMinutes: policySettings.resolutionMinutes,
    dueSoonMinutes: policySettings.dueSoonMinutes,
    calendarId: null,
  });

  step(`  opening ${settings.alertSockets} sockets`);
  const { sockets, failures: openFailures } = await run.sockets.open(teamId, settings.alertSockets, recordSlaEvent);
  if (openFailures.length) report.failures.push(`alerts: ${openFailures.length} of ${settings.alertSockets} sockets did not open (${openFailures[0]})`);
  if (sockets.length === 0) throw new Error("no socket of the alert phase opened");

  step(`  filing ${settings.alertTickets} tickets over ${settings.spreadSeconds} s; timing ${plan.timed.length} crossings each (up to +${settings.horizonMinutes} min)`);
  const tickets = await fileTickets(run, teamId, category, policy.id);
  const expectation = expectCrossings(tickets, plan);
  const { expected } = expectation;

  const lastCrossing = Math.max(...[...expected.values()].map((crossing) => crossing.at));
  const deadline = lastCrossing + GRACE_MS;
  const has = (state) => [...expected.keys()].every((key) => state.sla?.has(key));
  step(`  waiting for ${expected.size} crossings on each socket, until every socket has them or ${new Date(deadline).toISOString()}`);
  let shown = Date.now();
  while (!run.aborted() && Date.now() < deadline && !sockets.every(has)) {
    await sleep(250);
    if (Date.now() - shown >= PROGRESS_MS) {
      shown = Date.now();
      const got = [...expected.keys()].filter((key) => sockets[0].sla?.has(key)).length;
      step(`  ${got} of ${expected.size} on the first socket; last crossing in ${Math.max(0, (lastCrossing - Date.now()) / 1000).toFixed(0)} s`);
    }
  }

  Object.assign(result, tallyAlerts(sockets, tickets, expectation));
  await run.sockets.close(sockets);
  judgeAlerts(report, result);
  step(`  ${result.received} of ${expected.size} crossings on the first socket; lag p50 ${ms(result.lagFromAtMs.p50)} ms, p99 ${ms(result.lagFromAtMs.p99)} ms`);
  return result;
}

/**
 * Files `settings.alertTickets` tickets evenly over `settings.spreadSeconds`, so that their
 * crossings come spread out rather than all in one alarm, and checks each is timed by the bench's
 * policy (else the expected instants do not apply). Returns the tickets that were created.
 */
async function fileTickets(run, teamId, category, policyId) {
  const { settings, report, api } = run;
  const { alertTickets, spreadSeconds, policy } = settings;
  const tickets = [];
  const createErrors = [];
  const wrongPolicy = [];
  const filingStart = Date.now();
  for (let index = 0; index < alertTickets && !run.aborted(); index += 1) {
    const due = filingStart + (index * spreadSeconds * 1000) / alertTickets;
    if (due > Date.now()) await sleep(due - Date.now());
    try {
      const ticket = await api.createTicket({
        title: `bench alert ${run.id} #${index}`,
        description: "Filed by bench/fanout.mjs to time SLA alerts; deleted at the end of the run.",
        priority: policy.priority,
        category,
        teamId,
        tags: ["bench"],
      });
      tickets.push(ticket);
      const created = Date.parse(ticket.createdAt);
      const dueAt = ticket.sla?.response?.dueAt ? Date.parse(ticket.sla.response.dueAt) : null;
      if (ticket.sla?.policyId !== policyId || dueAt !== created + policy.responseMinutes * MINUTE) wrongPolicy.push(ticket.key);
    } catch (err) {
      createErrors.push(err.message);
    }
  }
  if (createErrors.length) report.failures.push(`alerts: ${createErrors.length} ticket creations failed (${createErrors[0]})`);
  if (wrongPolicy.length) report.failures.push(`alerts: ${wrongPolicy.length} tickets are not timed by the bench's policy (e.g. ${wrongPolicy[0]}): the expected instants do not apply`);
  return tickets;
}
