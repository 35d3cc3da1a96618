// `npm run bench:fanout` (or `node bench/fanout.mjs [--smoke] [--no-build]`): how fast a team's live room
// (contract §7, src/live/team-room.ts) fans events out, and how late its on-time SLA alerts arrive.
//
// Starts `npm run dev` itself (scripts/dev.mjs --ip 127.0.0.1: migrates the local D1, seeds the demo
// organization, `wrangler dev` on 127.0.0.1:8787) in its own process group, and ends that group when
// done, on failure, on Ctrl-C and at the time limit. It refuses to run when something already
// answers on 127.0.0.1:8787. Signs in as the demo admin and uses one team of the demo organization
// (Operations, or `--team=KEY`), with sockets of the `ws` package (?access_token=, no compression):
//
//   fan-out    N = 100 and 1,000 sockets on the team, then 200 PATCHes of one ticket of the bench's
//              own, one after another: each waits until every socket got the one before (or 5 s),
//              so the figure is fan-out and not a queue. Latency = receipt on a socket − arrival
//              of the PATCH's answer (the room publishes after the commit, in the background, so a
//              socket may get it a little before the answer: negative values are kept as
//              measured); "send" columns measure from the request's start instead, "last" is the
//              last socket of each update. The PATCHes are sent and timed on a worker thread
//              (bench/lib/timed-http.mjs), so that reading 1,000 sockets does not delay the
//              answer's timestamp; the sockets are read in turn on the main thread, so the
//              later sockets' receipts include the client's time to read the earlier ones.
//              Every socket must get every update exactly once, and `seq` must rise by one.
//   ladder     beside the alert lag, on the demo organization's other team: a two-level escalation
//              policy of 1 minute each (restored at the end), tickets escalated to level 1 over
//              the spread, and sockets waiting for each one's step to level 2 from the room's
//              alarm. Lag = receipt on the first socket − the step's `nextStepAt`.
//   alert lag  an SLA policy of the bench's own (P4 + a unique category, response 1 min,
//              resolution 2 min, due soon 1 min, 24x7) and 100 tickets under it filed over 10 s,
//              with 10 sockets open. Each clock crosses its bands at instants known in advance
//              (whole minutes: warning at ceil(50 % of the target), high risk ceil(75 %), due soon
//              target − 1 min, breached at the target), and the room must raise each
//              sla.<band> on time. Lag = receipt on the first socket − the event's `at` (the
//              crossing instant), over the crossings after creation (a due soon at creation is
//              not timed). Waits until every crossing arrived or the last one + 10 s.
//
// Targets: fan-out p99 < 100 ms at 1,000 sockets; alert lag and ladder step lag p99 < 2,000 ms. A full run (about 4
// minutes, at most 8) fails when a target is missed or any message is missing, duplicated or out
// of order, a socket fails or a request fails. --smoke (20 sockets, 20 updates, 10 tickets timed
// up to their +1 min crossings; at most 3 minutes) fails only on the latter: latency on a shared
// machine says little. --time-limit=<minutes> changes the limit. Figures go to stdout and
// bench/out/fanout.json (or --json=<path>; its `figures` list each target and verdict, see
// bench/lib/results.mjs), the server's output to bench/out/fanout-server.log. The dev server runs
// with the rate limits of wrangler.toml raised out of the way (bench/lib/server.mjs roomyDevConfig:
// 100 requests a minute per user would refuse the bench's sockets and PATCHes), every request still
// asking the limiter. --no-build: `wrangler dev` serves the bundle the other benches built and
// measured (bench/out/index.js, built first when missing) rather than src/, without the static
// assets, as they do; `npm run bench:all` uses it, and then edits of src/ during the run cannot
// reload the server under the bench (which closes every socket). The bench deletes its
// tickets and its policy at the end (the team's key counter still moves on by about 100 a run).
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ROOT } from "../scripts/lib/wrangler.mjs";
import { measureAlerts } from "./lib/alert-lag.mjs";
import { apiClient } from "./lib/api-client.mjs";
import { assertPortFree, DEV_ORIGIN, startDevServer, tailOf } from "./lib/dev-server.mjs";
import { createReport, writeReport } from "./lib/fanout-report.mjs";
import { measureFanout } from "./lib/fanout-run.mjs";
import { measureLadder } from "./lib/ladder-lag.mjs";
import { printTables } from "./lib/fanout-tables.mjs";
import { resultsPath } from "./lib/results.mjs";
import { buildBundle, roomyDevConfig } from "./lib/server.mjs";
import { teamSockets } from "./lib/team-sockets.mjs";

const argv = process.argv.slice(2);
const smoke = argv.includes("--smoke");
const servesBundle = argv.includes("--no-build");
const teamKey = argv.find((arg) => arg.startsWith("--team="))?.slice(7) ?? "OPS";
const limitArg = argv.find((arg) => arg.startsWith("--time-limit="));

const SETTINGS = smoke
  ? { socketCounts: [20], updates: 20, alertSockets: 10, alertTickets: 10, ladderSockets: 3, ladderTickets: 5, spreadSeconds: 5, horizonMinutes: 1, limitMinutes: 3 }
  : { socketCounts: [100, 1_000], updates: 200, alertSockets: 10, alertTickets: 100, ladderSockets: 10, ladderTickets: 50, spreadSeconds: 10, horizonMinutes: 2, limitMinutes: 8 };
if (limitArg) SETTINGS.limitMinutes = Number(limitArg.slice(13));
/** The bench's SLA policy: the smallest targets the API accepts (whole minutes, at least 1). */
const POLICY = { priority: "P4", responseMinutes: 1, resolutionMinutes: 2, dueSoonMinutes: 1 };
const TARGETS = { fanoutP99Ms: 100, fanoutAtSockets: 1_000, alertLagP99Ms: 2_000, ladderLagP99Ms: 2_000 };
/** Sockets whose handshakes run at once. */
const OPEN_PARALLEL = 50;
/** How long an update waits for every socket before the next is sent anyway. */
const UPDATE_WAIT_MS = 5_000;
const UPDATE_GAP_MS = 5;
const settings = { ...SETTINGS, policy: POLICY, openParallel: OPEN_PARALLEL, updateWaitMs: UPDATE_WAIT_MS, updateGapMs: UPDATE_GAP_MS, serves: servesBundle ? "bench/out/index.js" : "src/" };

const OUT = path.join(ROOT, "bench", "out");
const SERVER_LOG = path.join(OUT, "fanout-server.log");
const REPORT_FILE = resultsPath("fanout");
const ADMIN = { email: "admin@demo.test", password: "demo-password-1" };

const runId = randomBytes(4).toString("hex");
const step = (text) => console.log(`bench: ${text}`);
const report = createReport({ smoke, runId, settings, targets: TARGETS, origin: DEV_ORIGIN, serverLog: path.relative(ROOT, SERVER_LOG) });

// What the cleanup needs, whatever point the run reached: the client remembers what it created,
// the socket set what is open.
let server = null;
let aborting = false;
const api = apiClient(DEV_ORIGIN);
const sockets = teamSockets(api, { parallel: OPEN_PARALLEL, step });
/** What the phases (bench/lib/fanout-run.mjs, bench/lib/alert-lag.mjs) share with this file. */
const run = { id: runId, settings, report, api, sockets, step, aborted: () => aborting };

/** Ends the sockets and deletes the bench's tickets and policy; gives up after 30 s and never throws. */
function cleanup() {
  sockets.terminateAll();
  return Promise.race([api.deleteCreated(), sleep(30_000).then(() => ({ errors: ["cleanup timed out"] }))]);
}

/** Ends the run now: best-effort cleanup (at most 30 s), the server's process group, exit 2. */
async function abort(reason) {
  if (aborting) return;
  aborting = true;
  console.error(`bench: ${reason}; cleaning up and stopping the dev server.`);
  report.failures.push(reason);
  report.verdict = "ABORTED";
  setTimeout(() => {
    server?.stopSync();
    process.exit(2);
  }, 45_000).unref();
  report.cleanup = await cleanup();
  await server?.stop();
  printTables(report);
  writeReport(report, REPORT_FILE, api.requests);
  for (const failure of report.failures) console.error(`bench: FAILURE ${failure}`);
  step(`partial figures in ${path.relative(ROOT, REPORT_FILE)}`);
  process.exit(2);
}

process.on("exit", () => server?.stopSync());
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => void abort(`stopped by ${signal}`));
process.on("unhandledRejection", (err) => void abort(`unexpected error: ${err?.stack ?? err}`));
setTimeout(() => void abort(`still running after ${settings.limitMinutes} minutes: giving up`), settings.limitMinutes * 60_000).unref();

async function main() {
  step(`${smoke ? "smoke run" : "full run"} ${runId}; at most ${settings.limitMinutes} minutes`);
  await assertPortFree();
  if (servesBundle && !existsSync(path.join(OUT, "index.js"))) {
    step("building the bundle (wrangler deploy --dry-run)");
    await buildBundle();
  }
  step(`starting the dev server (scripts/dev.mjs --ip 127.0.0.1${servesBundle ? ", serving bench/out/index.js" : ""}); its output goes to ${path.relative(ROOT, SERVER_LOG)}`);
  const booting = Date.now();
  server = startDevServer({ logFile: SERVER_LOG, extraArgs: roomyDevConfig({ bundle: servesBundle }) });
  await server.ready(90_000);
  report.server.startupSeconds = (Date.now() - booting) / 1000;
  step(`  answering on ${DEV_ORIGIN} after ${report.server.startupSeconds.toFixed(1)} s`);

  await api.signIn(ADMIN);
  const teams = (await api.call("GET", "/teams")).items;
  const team = teams.find((candidate) => candidate.key === teamKey) ?? teams[0];
  if (!team) throw new Error("the demo organization has no team");
  report.team = { id: team.id, key: team.key, name: team.name };
  step(`signed in as ${ADMIN.email}; team ${team.key} (${team.name})`);

  // Each phase records its own failure and lets the next run: a broken fan-out says nothing
  // about the alerts.
  try {
    const ticket = await api.createTicket({
      title: `bench fanout ${runId}`,
      description: "Filed by bench/fanout.mjs to time the live room's fan-out; deleted at the end of the run.",
      priority: "P4",
      teamId: team.id,
      tags: ["bench"],
    });
    for (const count of settings.socketCounts) {
      if (aborting) break;
      report.fanout.push(await measureFanout(run, team.id, ticket, count));
    }
  } catch (err) {
    report.failures.push(`fan-out: ${err.message}`);
    console.error(`bench: fan-out failed: ${err.stack ?? err}`);
  }

  // The ladder runs on another team beside the alerts, so the run takes no longer.
  const ladderTeam = teams.find((candidate) => candidate.id !== team.id);
  const phases = [
    ["alerts", () => measureAlerts(run, team.id)],
    ["ladder", () => (ladderTeam ? measureLadder(run, ladderTeam.id) : Promise.reject(new Error("the demo organization has no second team")))],
  ];
  await Promise.all(
    phases.map(async ([name, phase]) => {
      try {
        if (!aborting) await phase();
      } catch (err) {
        report.failures.push(`${name}: ${err.message}`);
        console.error(`bench: ${name} failed: ${err.stack ?? err}`);
      }
    }),
  );
}

let crashed = null;
try {
  await main();
} catch (err) {
  crashed = err;
  report.failures.push(`run: ${err.message}`);
  console.error(`bench: ${err.stack ?? err}`);
}
if (aborting) await new Promise(() => {}); // abort() owns the ending
step("cleaning up: deleting the bench's tickets and policy, stopping the dev server");
report.cleanup = await cleanup();
if (report.cleanup.errors?.length) report.failures.push(`cleanup: ${report.cleanup.errors.length} deletes failed (${report.cleanup.errors[0]})`);
if (server) {
  await server.stop();
  if (server.groupAlive()) report.failures.push("the dev server's processes are still running after SIGKILL");
}

printTables(report);
const failed = report.failures.length > 0 || (!smoke && report.missedTargets.length > 0);
report.verdict = failed ? "FAIL" : "PASS";
writeReport(report, REPORT_FILE, api.requests);
for (const failure of report.failures) console.error(`bench: FAILURE ${failure}`);
for (const missed of report.missedTargets) console.error(`bench: ${smoke ? "(not judged in a smoke run) " : ""}target missed: ${missed}`);
if (crashed && server) console.error(`bench: the dev server's last output:\n${tailOf(SERVER_LOG, 20)}`);
step(`figures in ${path.relative(ROOT, REPORT_FILE)}`);
step(failed ? "FAILED" : smoke ? "smoke run passed (targets are judged in a full run only)" : "every target met");
process.exit(failed ? 1 : 0);
