/**
 * The ladder-step lag (contract §5: escalation steps on time, from the team room's alarm): a second
 * team of the demo organization gets a two-level policy of 1 minute each (restored at the end),
 * tickets of the bench's own are escalated to level 1 over a few seconds, and sockets on that team
 * wait for each ticket's `ticket.escalated` at level 2. Lag = receipt on the first socket − the
 * `nextStepAt` the escalate answer gave. Runs beside the alert phase, on another team.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { monoToWall } from "./live-sockets.mjs";
import { ms } from "./fanout-tables.mjs";
import { distribution } from "./stats.mjs";

const GRACE_MS = 10_000;
const LEVELS = [{ role: "manager", ackTimeoutMinutes: 1 }, { role: "manager", ackTimeoutMinutes: 1 }];

/** The sockets' `onEvent`: the first receipt of each ticket's step to level 2, and repeats. */
function recordStep(state, message, receivedAt) {
  if (message.type !== "ticket.escalated" || message.ticket?.escalationLevel !== 2) return;
  state.steps ??= new Map();
  const seen = state.steps.get(message.ticketId);
  if (seen) seen.count += 1;
  else state.steps.set(message.ticketId, { receivedAt, count: 1 });
}

/** Runs the phase into `run.report.ladder`; `teamId` is a team other than the alert phase's. */
export async function measureLadder(run, teamId) {
  const { settings, step, report, api } = run;
  const result = { tickets: settings.ladderTickets, sockets: settings.ladderSockets };
  report.ladder = result;
  const before = await api.call("GET", `/teams/${teamId}/escalation-policy`);
  step(`ladder lag: a two-level policy of 1 minute each on team ${teamId}, ${settings.ladderTickets} tickets escalated over ${settings.spreadSeconds} s`);
  await api.call("PUT", `/teams/${teamId}/escalation-policy`, { levels: LEVELS, repeat: 0 });
  try {
    const { sockets, failures } = await run.sockets.open(teamId, settings.ladderSockets, recordStep);
    if (failures.length) report.failures.push(`ladder: ${failures.length} sockets did not open (${failures[0]})`);
    if (sockets.length === 0) throw new Error("no socket of the ladder phase opened");
    const due = await escalateSpread(run, teamId);
    const deadline = Math.max(...due.values()) + GRACE_MS;
    const done = (state) => [...due.keys()].every((id) => state.steps?.has(id));
    while (!run.aborted() && Date.now() < deadline && !sockets.every(done)) await sleep(250);
    const [first] = sockets;
    const lags = [...due].flatMap(([id, at]) => (first.steps?.has(id) ? [monoToWall(first.steps.get(id).receivedAt) - at] : []));
    Object.assign(result, {
      expected: due.size,
      received: lags.length,
      duplicates: sockets.reduce((sum, state) => sum + [...(state.steps?.values() ?? [])].filter((seen) => seen.count > 1).length, 0),
      missingAllSockets: sockets.reduce((sum, state) => sum + [...due.keys()].filter((id) => !state.steps?.has(id)).length, 0),
      lagFromNextStepMs: distribution(lags),
    });
    await run.sockets.close(sockets);
  } finally {
    await api.call("PUT", `/teams/${teamId}/escalation-policy`, { levels: before.levels, thresholds: before.thresholds, repeat: before.repeat });
  }
  judgeLadder(report, result);
  step(`  ${result.received} of ${result.expected} steps on the first socket; lag p50 ${ms(result.lagFromNextStepMs.p50)} ms, p99 ${ms(result.lagFromNextStepMs.p99)} ms`);
  return result;
}

/** Files and escalates the tickets evenly over the spread; answers each ticket's `nextStepAt` (ms). */
async function escalateSpread(run, teamId) {
  const { settings, api } = run;
  const due = new Map();
  const start = Date.now();
  for (let index = 0; index < settings.ladderTickets && !run.aborted(); index += 1) {
    const at = start + (index * settings.spreadSeconds * 1000) / settings.ladderTickets;
    if (at > Date.now()) await sleep(at - Date.now());
    const ticket = await api.createTicket({ title: `bench ladder ${run.id} #${index}`, priority: "P4", teamId, tags: ["bench"] });
    const escalated = await api.call("POST", `/tickets/${ticket.id}/escalate`, { reason: "bench/fanout.mjs times the ladder" });
    due.set(ticket.id, Date.parse(escalated.escalation.nextStepAt));
  }
  return due;
}

function judgeLadder(report, result) {
  const target = report.targets.ladderLagP99Ms;
  const problems = [];
  if (result.received < result.expected) problems.push(`${result.expected - result.received} of ${result.expected} steps never reached the first socket`);
  if (result.missingAllSockets) problems.push(`${result.missingAllSockets} step deliveries missing over all sockets`);
  if (result.duplicates) problems.push(`${result.duplicates} steps delivered twice`);
  for (const problem of problems) report.failures.push(`ladder: ${problem}`);
  const p99 = result.lagFromNextStepMs.p99;
  if (p99 === null || p99 >= target) report.missedTargets.push(`ladder step lag p99 is ${p99 === null ? "not measured" : `${ms(p99)} ms`} (target < ${target} ms)`);
  result.verdict = problems.length === 0 && p99 !== null && p99 < target ? "PASS" : "FAIL";
}
