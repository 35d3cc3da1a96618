/**
 * The fan-out bench's record of a run, written to bench/out/fanout.json, and its verdicts. Two
 * kinds of fault are kept apart: `failures` (lost, duplicated or out-of-order messages, failed
 * sockets or requests) fail any run, while `missedTargets` (latency) fail a full run only, since
 * latency on a shared machine during a short smoke run says little.
 */
import { ms } from "./fanout-tables.mjs";
import { figure, writeJson } from "./results.mjs";

export function createReport({ smoke, runId, settings, targets, origin, serverLog }) {
  return {
    mode: smoke ? "smoke" : "full",
    runId,
    startedAt: new Date().toISOString(),
    settings,
    targets,
    server: { origin, log: serverLog },
    team: null,
    fanout: [],
    alerts: null,
    cleanup: null,
    /** Missing, duplicated or out-of-order messages, failed sockets, failed requests: fail any run. */
    failures: [],
    /** Targets missed: fail a full run only. */
    missedTargets: [],
    verdict: null,
  };
}

/**
 * The run's figures next to their targets (bench/lib/results.mjs), as `npm run bench:all` reads
 * them: the three latency targets (judged in a full run only) and the failures, which fail any run.
 */
export function figuresOf(report) {
  const { targets } = report;
  const judged = (limit) => ({ op: "<", limit: report.mode === "smoke" ? undefined : limit });
  const fanoutAt = (count) => report.fanout.find((row) => row.sockets === count)?.latencyFromAnswerMs?.p99 ?? null;
  const otherCounts = report.settings.socketCounts.filter((count) => count !== targets.fanoutAtSockets);
  return [
    ...otherCounts.map((count) => figure(`fan-out p99 at ${count.toLocaleString("en")} sockets`, fanoutAt(count))),
    figure(`fan-out p99 at ${targets.fanoutAtSockets.toLocaleString("en")} sockets`, fanoutAt(targets.fanoutAtSockets), judged(targets.fanoutP99Ms)),
    figure("alert lag p99", report.alerts?.lagFromAtMs?.p99 ?? null, judged(targets.alertLagP99Ms)),
    figure("ladder step lag p99", report.ladder?.lagFromNextStepMs?.p99 ?? null, judged(targets.ladderLagP99Ms)),
    figure("failures (lost, duplicated or out-of-order messages, failed sockets or requests)", report.failures.length, { unit: "failures", limit: 0 }),
  ];
}

/** Writes the report as it stands, with its figures; never throws, since it also runs while the bench is aborting. */
export function writeReport(report, file, requests) {
  let figures;
  try {
    figures = figuresOf(report);
  } catch (err) {
    console.error(`bench: could not judge the figures: ${err.message}`);
  }
  writeJson(file, { ...report, figures, finishedAt: new Date().toISOString(), requests });
}

/** Records the failures of one fan-out row, and judges the target at the socket count it names. */
export function judgeFanout(report, row, firstOpenFailure) {
  const { targets } = report;
  const count = row.sockets;
  const problems = [];
  if (row.openFailures) problems.push(`${row.openFailures} of ${count} sockets did not open (${firstOpenFailure})`);
  if (row.dropped) problems.push(`${row.dropped} sockets closed during the run (codes ${row.droppedCodes.join(", ")})`);
  if (row.requestFailures) problems.push(`${row.requestFailures} PATCHes failed (${row.requestErrors[0]})`);
  if (row.missing) problems.push(`${row.missing} of ${row.expected} deliveries missing`);
  if (row.duplicates) problems.push(`${row.duplicates} deliveries duplicated`);
  if (row.seqMissing) problems.push(`${row.seqMissing} seq numbers skipped`);
  if (row.seqBackwards) problems.push(`${row.seqBackwards} messages with a seq that did not rise`);
  for (const problem of problems) report.failures.push(`fan-out at ${count} sockets: ${problem}`);
  if (count === targets.fanoutAtSockets) {
    const p99 = row.latencyFromAnswerMs.p99;
    row.target = `p99 < ${targets.fanoutP99Ms} ms`;
    row.verdict = p99 !== null && p99 < targets.fanoutP99Ms && problems.length === 0 ? "PASS" : "FAIL";
    if (p99 === null || p99 >= targets.fanoutP99Ms) report.missedTargets.push(`fan-out p99 at ${count} sockets is ${ms(p99)} ms (target < ${targets.fanoutP99Ms} ms)`);
  } else {
    row.verdict = problems.length === 0 ? "ok" : "FAIL";
  }
}

/** Records the failures of the alert phase and judges its lag target; `result` is report.alerts. */
export function judgeAlerts(report, result) {
  const target = report.targets.alertLagP99Ms;
  const problems = [];
  if (result.slaEventsSeenAllSockets === 0) problems.push("no sla.* event reached any socket: the room raises no on-time SLA alerts (yet)");
  if (result.missing) problems.push(`${result.missing} of ${result.expected} crossings never reached the first socket`);
  if (result.receivedAllSockets < result.expectedAllSockets) problems.push(`${result.expectedAllSockets - result.receivedAllSockets} of ${result.expectedAllSockets} deliveries missing over all ${result.open} sockets`);
  if (result.duplicatesAllSockets) problems.push(`${result.duplicatesAllSockets} sla.* events delivered twice`);
  if (result.withoutAt) problems.push(`${result.withoutAt} sla.* events carry no \`at\` (lag measured from the computed crossing instant instead)`);
  if (result.atMismatch) problems.push(`${result.atMismatch} events' \`at\` differs from the crossing instant computed from the policy (up to ${result.atMaxDiffMs} ms)`);
  if (result.seqMissing) problems.push(`${result.seqMissing} seq numbers skipped`);
  if (result.seqBackwards) problems.push(`${result.seqBackwards} messages with a seq that did not rise`);
  if (result.unexpectedEvents) problems.push(`${result.unexpectedEvents} sla.* events for the bench's tickets that match no crossing of its policy`);
  if (result.dropped) problems.push(`${result.dropped} sockets closed during the run`);
  for (const problem of problems) report.failures.push(`alerts: ${problem}`);
  const p99 = result.lagFromAtMs.p99;
  if (p99 === null || p99 >= target) report.missedTargets.push(`alert lag p99 is ${p99 === null ? "not measured" : `${ms(p99)} ms`} (target < ${target} ms)`);
  result.verdict = problems.length === 0 && p99 !== null && p99 < target ? "PASS" : "FAIL";
}
