// `npm run bench:risk` (or `node bench/risk-pass.mjs [--no-build] [--sizes=1000,10000]`): how the
// SLA risk pass (src/jobs/risk-pass.ts) scales with the number of open tickets.
//
// For each size (1,000 / 10,000 / 100,000 open tickets, two clocks each) it seeds a fresh local D1
// with `wrangler d1 execute` (bench/lib/risk-seed.mjs), serves the built bundle with Miniflare, and
// calls the Worker's real scheduled() handler as the cron would, through Miniflare's trigger route
// `/cdn-cgi/handler/scheduled?time=` over HTTP on 127.0.0.1 (`unsafeTriggerHandlers`; cheaper and
// steadier than `mf.getWorker().scheduled()`, whose Node-side proxy adds 5-15 ms):
//   quiet   the pass at T, when nothing crosses: QUIET_RUNS runs, median (it changes nothing)
//   1 %     the pass at T + k min, k = 1..CROSSING_SLOTS: each finds a fresh 1 % of the tickets
//           with a crossing due and writes their outbox (an in-app notification, an email and a
//           webhook delivery per event); median of those passes
// Times are measured around that request from Node, so they include the HTTP hop: the `floor`
// column is GET /health (no D1) the same way. Rows read and the in-Worker time (Date.now() in
// workerd advances with I/O, so it is the pass's D1 time) come from the pass's own log line. Targets: the quiet pass at 100,000
// under 20 ms and within 2x of the quiet pass at 1,000; the 1 % pass at 100,000 (1,000 crossings)
// under 500 ms. A missed target makes the exit status 1; the whole run is bounded in time. The
// rows and the figures with their targets also go to bench/out/risk-pass.json (or --json=<path>).
import { existsSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { CROSSING_SLOTS, seedRiskDatabase, T } from "./lib/risk-seed.mjs";
import { figure, writeResults } from "./lib/results.mjs";
import { buildBundle, OUT, startWorker } from "./lib/server.mjs";


const args = process.argv.slice(2);
const sizesArg = args.find((arg) => arg.startsWith("--sizes="));
const SIZES = sizesArg ? sizesArg.slice(8).split(",").map(Number) : [1_000, 10_000, 100_000];
const QUIET_RUNS = 30;
const LIMIT_MINUTES = 12;
const STATE = path.join(OUT, "risk-state");

setTimeout(() => {
  console.error(`bench: still running after ${LIMIT_MINUTES} minutes; giving up.`);
  process.exit(2);
}, LIMIT_MINUTES * 60_000).unref();

const step = (text) => console.log(`bench: ${text}`);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Serves the bundle on the seeded state and collects the pass's log lines from workerd's stdout. */
function startRiskWorker(logs) {
  const collect = (stream) => {
    let buffered = "";
    stream.on("data", (chunk) => {
      const lines = (buffered + chunk).split("\n");
      buffered = lines.pop();
      for (const line of lines) {
        const at = line.indexOf('{"event":"sla_risk_pass"');
        if (at >= 0) logs.push(JSON.parse(line.slice(at)));
      }
    });
  };
  return startWorker(
    { ENVIRONMENT: "development" },
    { state: STATE, unsafeTriggerHandlers: true, handleRuntimeStdio: (stdout, stderr) => [stdout, stderr].forEach(collect) },
  );
}

async function timedGet(url) {
  const started = performance.now();
  const res = await fetch(url);
  const text = await res.text();
  const ms = performance.now() - started;
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${text}`);
  return ms;
}

async function timedPass(origin, logs, at) {
  const before = logs.length;
  const ms = await timedGet(`${origin}/cdn-cgi/handler/scheduled?time=${at}&cron=${encodeURIComponent("*/5 * * * *")}`);
  // The log line crosses workerd's stdout pipe after the call returns: wait for it briefly.
  for (let i = 0; i < 100 && logs.length === before; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  return { ms, log: logs[logs.length - 1] ?? {} };
}

async function measure(size) {
  step(`${size.toLocaleString("en")} tickets: seeding a fresh local D1`);
  const seeded = performance.now();
  await seedRiskDatabase(STATE, size);
  step(`  seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
  const logs = [];
  const { mf, origin } = await startRiskWorker(logs);
  try {
    for (let i = 0; i < 5; i += 1) await timedPass(origin, logs, T - 60_000); // warm-up
    const floor = [];
    const quiet = [];
    // Interleaved, so a burst of other work on the machine weighs on both alike.
    for (let i = 0; i < QUIET_RUNS; i += 1) {
      floor.push(await timedGet(`${origin}/health`));
      quiet.push(await timedPass(origin, logs, T));
    }
    const crossing = [];
    for (let k = 1; k <= CROSSING_SLOTS; k += 1) crossing.push(await timedPass(origin, logs, T + k * 60_000));
    const raised = crossing.map((pass) => pass.log.eventsRaised);
    if (raised.some((count) => count !== size / 100)) throw new Error(`expected ${size / 100} events per 1 % pass, got ${raised.join(", ")}`);
    // Each event writes an email to its team's manager and a delivery to the team's webhook (and an in-app copy).
    const written = crossing.map((pass) => pass.log.deliveries);
    if (written.some((count) => count !== (2 * size) / 100)) throw new Error(`expected ${(2 * size) / 100} deliveries per 1 % pass, got ${written.join(", ")}`);
    return {
      size,
      floorMs: median(floor),
      quietMs: median(quiet.map((pass) => pass.ms)),
      quietWorkerMs: median(quiet.map((pass) => pass.log.ms)),
      quietRows: median(quiet.map((pass) => pass.log.rowsRead)),
      crossingMs: median(crossing.map((pass) => pass.ms)),
      crossingWorkerMs: median(crossing.map((pass) => pass.log.ms)),
      crossingRows: median(crossing.map((pass) => pass.log.rowsRead)),
      crossings: size / 100,
    };
  } finally {
    await mf.dispose();
  }
}

if (!args.includes("--no-build") || !existsSync(path.join(OUT, "index.js"))) {
  step("building the bundle (wrangler deploy --dry-run)");
  await buildBundle();
}
const rows = [];
for (const size of SIZES) rows.push(await measure(size));

const pad = (value, width) => String(value).padStart(width);
const header = ["tickets", "floor ms", "quiet ms", "in worker", "rows read", "crossings", "1% ms", "in worker", "rows read"];
console.log(`\n${header.map((h, i) => pad(h, i === 0 ? 8 : 11)).join("")}`);
for (const row of rows) {
  const cells = [
    row.size.toLocaleString("en"),
    row.floorMs.toFixed(2),
    row.quietMs.toFixed(2),
    row.quietWorkerMs,
    row.quietRows,
    row.crossings,
    row.crossingMs.toFixed(1),
    row.crossingWorkerMs,
    row.crossingRows,
  ];
  console.log(cells.map((cell, i) => pad(cell, i === 0 ? 8 : 11)).join(""));
}
const at = (size) => rows.find((row) => row.size === size);
const figures = [];
if (at(100_000)) {
  figures.push(figure("quiet pass at 100,000 tickets", at(100_000).quietMs, { op: "<", limit: 20 }));
  figures.push(figure("1 % pass at 100,000 tickets (1,000 crossings)", at(100_000).crossingMs, { op: "<", limit: 500 }));
}
if (at(100_000) && at(1_000)) {
  figures.push(figure("quiet pass at 100,000 / quiet pass at 1,000", at(100_000).quietMs / at(1_000).quietMs, { unit: "x", limit: 2 }));
  // What D1 bills: a quiet pass must read no more at 100,000 open tickets than at 1,000.
  figures.push(figure("rows read by a quiet pass at 100,000 (at most those at 1,000)", at(100_000).quietRows, { unit: "rows", limit: at(1_000).quietRows }));
}
console.log("");
for (const entry of figures) console.log(`${entry.verdict === "met" ? "PASS" : "FAIL"}  ${entry.name}: ${entry.value} ${entry.unit} (target ${entry.target})`);
const round = (value) => (typeof value === "number" ? Math.round(value * 100) / 100 : value);
writeResults("risk-pass", {
  figures,
  settings: { sizes: SIZES, quietRuns: QUIET_RUNS, crossingSlots: CROSSING_SLOTS },
  rows: rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, round(value)]))),
});
process.exit(figures.every((entry) => entry.verdict === "met") ? 0 : 1);
