// `npm run bench` (or `node bench/api.mjs [--smoke] [--no-build]`): how fast the API answers.
//
// Builds the Worker as `wrangler deploy` would, serves the bundle with Miniflare on 127.0.0.1
// (no `wrangler dev` proxy, which costs 30–40 % and adds noise), seeds one organization with
// 10,000 tickets, then measures with autocannon, at concurrency 1 and 10, three routes:
//   baseline  GET /__bench/baseline: one indexed D1 read, no router or middleware (BENCH=1 only)
//   list      GET /api/v1/tickets?limit=50 as an admin
//   create    POST /api/v1/tickets
// and prints req/s, p50 and p99 with each p99 over the baseline's at the same concurrency.
// Targets: list within 2x and create within 3x of the baseline's p99. Each figure is 8 s of load
// taken as 4 slices of 2 s, the three routes in turn, so that a burst of other work on the
// machine weighs on all three alike rather than on whichever route was running.
//
// --runs=N repeats the whole measurement (both concurrencies, every route) N times on the same
// seeded server, warmed up once, and a full run then fails unless every target is met in every
// run (`npm run bench:all` asks for 3 of 3). Each run's table is printed; the figures of all runs
// go to bench/out/api.json (or --json=<path>, see bench/lib/results.mjs).
//
// --smoke: 1,000 tickets and one 1 s slice per measurement, for CI: it fails only when requests fail,
// since a run that short on a shared machine says little about latency. A full run also fails
// when a target is missed. --no-build reuses bench/out/index.js.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { slice, summarize } from "./lib/load.mjs";
import { formatTable, judge } from "./lib/report.mjs";
import { figure, writeResults } from "./lib/results.mjs";
import { seedDatabase, signIn } from "./lib/seed.mjs";
import { buildBundle, migrateFresh, OUT, STATE, startWorker } from "./lib/server.mjs";

const args = new Set(process.argv.slice(2));
const smoke = args.has("--smoke");
const runsArg = [...args].find((arg) => arg.startsWith("--runs="));
const runs = runsArg ? Number(runsArg.slice(7)) : 1;
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs wants a whole number of runs, not ${runsArg}`);
const settings = smoke ? { tickets: 1_000, rounds: 1, seconds: 1, warmup: 1, limitMinutes: 4 } : { tickets: 10_000, rounds: 4, seconds: 2, warmup: 1, limitMinutes: 12 };
// A run of both concurrencies takes about 1 minute on a quiet machine: each one more gets 2 minutes.
settings.limitMinutes += (runs - 1) * (smoke ? 1 : 2);

// The whole run is bounded too: whatever hangs, the process ends by itself.
setTimeout(() => {
  console.error(`bench: still running after ${settings.limitMinutes} minutes; giving up.`);
  process.exit(2);
}, settings.limitMinutes * 60_000).unref();

const step = (text) => console.log(`bench: ${text}`);

if (!args.has("--no-build") || !existsSync(path.join(OUT, "index.js"))) {
  step("building the bundle (wrangler deploy --dry-run)");
  await buildBundle();
}
step(`applying the migrations to a fresh local D1 and seeding ${settings.tickets.toLocaleString("en")} tickets`);
await migrateFresh();
const pepper = randomBytes(32).toString("hex");
const { orgId, teamId } = await seedDatabase(STATE, settings.tickets, pepper);

const { mf, origin } = await startWorker({
  ENVIRONMENT: "development",
  JWT_SECRET: randomBytes(32).toString("hex"),
  PASSWORD_PEPPER: pepper,
  BENCH: "1",
});
let failed = false;
try {
  step(`serving on ${origin}`);
  const token = await signIn(origin);
  const auth = { Authorization: `Bearer ${token}` };
  const routes = [
    { route: "baseline", url: `${origin}/__bench/baseline?org=${orgId}` },
    { route: "list (50/page)", url: `${origin}/api/v1/tickets?limit=50`, headers: auth, target: 2 },
    {
      route: "create",
      url: `${origin}/api/v1/tickets`,
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ title: "Bench ticket", description: "Filed by the bench.", priority: "P3", teamId, tags: ["bench"] }),
      target: 3,
    },
  ];

  step(`warming up (${settings.warmup} s per route)`);
  for (const route of routes) await slice({ ...route, connections: 10, seconds: settings.warmup });

  /** One measurement: both concurrencies, the routes in turn; answers its judged rows. */
  async function measure(run) {
    const rows = [];
    for (const connections of [1, 10]) {
      step(`${runs > 1 ? `run ${run} of ${runs}, ` : ""}concurrency ${connections}: ${settings.rounds} x ${settings.seconds} s per route, in turn`);
      const slices = routes.map(() => []);
      for (let round = 0; round < settings.rounds; round += 1) {
        for (const [index, route] of routes.entries()) slices[index].push(await slice({ ...route, connections, seconds: settings.seconds }));
      }
      const results = routes.map((route, index) => ({ route: route.route, connections, target: route.target, ...summarize(slices[index]) }));
      rows.push(...results.map((row) => judge(row, results[0].p99)));
    }
    console.log(`\n${runs > 1 ? `run ${run} of ${runs}\n` : ""}${formatTable(rows)}\n`);
    return rows;
  }

  const measured = [];
  for (let run = 1; run <= runs; run += 1) measured.push({ run, rows: await measure(run) });

  const all = measured.flatMap(({ run, rows }) => rows.map((row) => ({ run, ...row })));
  const broken = all.filter((row) => row.failures > 0 || row.ok === 0);
  for (const row of broken) console.error(`bench: ${row.route} at ${row.connections}${runs > 1 ? ` (run ${row.run})` : ""}: ${row.failures} failed requests, ${row.ok} answered 2xx`);
  const missed = all.filter((row) => row.verdict === "FAIL");
  const runsMet = measured.filter(({ rows }) => rows.every((row) => row.verdict !== "FAIL")).length;
  if (runs > 1) step(`targets met in ${runsMet} of ${runs} runs`);
  failed = broken.length > 0 || (!smoke && missed.length > 0);
  // A smoke run judges only the failures: its ratios are written without a target.
  const figures = [
    ...all
      .filter((row) => row.target !== undefined)
      .map((row) => figure(`${row.route} p99 / baseline p99, concurrency ${row.connections}${runs > 1 ? `, run ${row.run}` : ""}`, row.ratio, { unit: "x", limit: smoke ? undefined : row.target })),
    ...(runs > 1 ? [figure(`runs with every target met (of ${runs})`, runsMet, { unit: "runs", op: ">=", limit: smoke ? undefined : runs })] : []),
    figure("measurements with a failed request or no 2xx answer", broken.length, { unit: "measurements", limit: 0 }),
  ];
  const written = ({ rps, ratio, ...row }) => ({ ...row, rps: Math.round(rps * 10) / 10, ...(ratio !== undefined && { ratio: Math.round(ratio * 100) / 100 }) });
  writeResults("api", { mode: smoke ? "smoke" : "full", figures, settings: { ...settings, runs }, runs: measured.map(({ run, rows }) => ({ run, rows: rows.map(written) })) });
  step(failed ? "FAILED" : smoke ? "smoke run passed (targets are judged in a full run only)" : "every target met");
} finally {
  await mf.dispose();
}
process.exit(failed ? 1 : 0);
