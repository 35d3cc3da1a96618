/**
 * The fan-out bench's figures as tables on stdout: one row per socket count, one per SLA band.
 * Reads only the report (bench/lib/fanout-report.mjs), so that an aborted run prints whatever it
 * gathered with the same code as a finished one.
 */
import { fixedWidthTable } from "./report.mjs";

/** Milliseconds to 0.1, or "-" for a figure not measured. */
export const ms = (value) => (value === null || value === undefined || Number.isNaN(value) ? "-" : value.toFixed(1));

const FANOUT_COLUMNS = [
  ["sockets", 7],
  ["open", 5],
  ["expected", 8],
  ["received", 8],
  ["missing", 7],
  ["dup", 4],
  ["seq err", 7],
  ["p50 ms", 7],
  ["p99 ms", 7],
  ["max ms", 7],
  ["p50 send", 8],
  ["p99 send", 8],
  ["last p99", 8],
  ["spread p99", 10],
  ["target", 14],
  ["result", 6],
];

function fanoutTable(rows) {
  return fixedWidthTable(
    FANOUT_COLUMNS,
    rows.map((row) => [
      row.sockets,
      row.open,
      row.expected,
      row.received,
      row.missing,
      row.duplicates,
      row.seqMissing + row.seqBackwards,
      ms(row.latencyFromAnswerMs.p50),
      ms(row.latencyFromAnswerMs.p99),
      ms(row.latencyFromAnswerMs.max),
      ms(row.latencyFromSendMs.p50),
      ms(row.latencyFromSendMs.p99),
      ms(row.lastSocketFromAnswerMs.p99),
      ms(row.firstToLastSocketMs.p99),
      row.target ?? "-",
      row.verdict,
    ]),
  );
}

const ALERT_COLUMNS = [
  ["metric", 10, "left"],
  ["band", 9, "left"],
  ["at", 6],
  ["expected", 8],
  ["received", 8],
  ["p50 ms", 8],
  ["p99 ms", 8],
  ["max ms", 8],
];

function alertTable(alerts, targetP99Ms) {
  const lag = (figures) => [ms(figures?.p50), ms(figures?.p99), ms(figures?.max)];
  const rows = (alerts.perBand ?? []).map((band) => [band.metric, band.band, `+${band.offsetSeconds}s`, band.expected, band.received, ...lag(band.lagFromAtMs)]);
  rows.push(["all", "", "", alerts.expected ?? "-", alerts.received ?? "-", ...lag(alerts.lagFromAtMs)]);
  const lines = [fixedWidthTable(ALERT_COLUMNS, rows)];
  if (alerts.lagFromComputedInstantMs) {
    const c = alerts.lagFromComputedInstantMs;
    lines.push(`from the computed crossing instant instead of \`at\`: p50 ${ms(c.p50)} ms, p99 ${ms(c.p99)} ms, max ${ms(c.max)} ms (${c.count} events)`);
    lines.push(
      `on all ${alerts.open} sockets: ${alerts.receivedAllSockets} of ${alerts.expectedAllSockets} received, ${alerts.duplicatesAllSockets} duplicates, ` +
        `${alerts.withoutAt} without \`at\` (first socket), ${alerts.seqMissing + alerts.seqBackwards} seq errors; ` +
        `not timed (at creation): ${alerts.atCreationReceived} received; target p99 < ${targetP99Ms} ms: ${alerts.verdict}`,
    );
  }
  return lines.join("\n");
}

/** The figures gathered so far, as tables on stdout. */
export function printTables(report) {
  console.log("");
  if (report.fanout.length) {
    console.log(
      `fan-out: ${report.settings.updates} updates of one ticket, each once every socket got the one before; ms from the PATCH's answer\n` +
        `("send": from the request's start; "last": the last socket of each update; "spread": first to last socket of each update)`,
    );
    console.log(fanoutTable(report.fanout));
    console.log("");
  }
  if (report.alerts?.perBand) {
    const a = report.alerts;
    console.log(`alert lag: ${a.tickets} tickets over ${report.settings.spreadSeconds} s, ${a.open} sockets; ms from the event's \`at\` to receipt on the first socket`);
    console.log(alertTable(a, report.targets.alertLagP99Ms));
    console.log("");
  } else if (report.alerts) {
    console.log("alert lag: not measured (see the failures below)\n");
  }
  const ladder = report.ladder?.lagFromNextStepMs;
  if (ladder) {
    console.log(`ladder step lag: ${report.ladder.tickets} escalations, ${report.ladder.sockets} sockets; ms from \`nextStepAt\` to receipt on the first socket`);
    console.log(`  steps ${report.ladder.received}/${report.ladder.expected}  p50 ${ms(ladder.p50)}  p99 ${ms(ladder.p99)}  max ${ms(ladder.max)}  target p99 < ${report.targets.ladderLagP99Ms}  ${report.ladder.verdict}\n`);
  }
}
