import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { buildDocs } from "../../scripts/build-docs.mjs";
import { buildWeb } from "../../scripts/build-web.mjs";
import { ROOT, runWrangler } from "../../scripts/lib/wrangler.mjs";

const require = createRequire(import.meta.url);
const wrangler = require("wrangler");
// The Miniflare that this project's wrangler serves `wrangler dev` with, not the newer one the test pool brings.
const { Miniflare } = createRequire(require.resolve("wrangler/package.json"))("miniflare");

export const OUT = path.join(ROOT, "bench", "out");
export const STATE = path.join(OUT, "state");

/** Bundles the Worker exactly as `wrangler deploy` would upload it, with the assets it would upload beside it. */
export async function buildBundle() {
  await buildWeb({ quiet: true });
  await buildDocs({ quiet: true });
  await runWrangler(["deploy", "--dry-run", "--outdir", path.relative(ROOT, OUT)], { quiet: true });
}

/** A fresh local D1 with every migration applied by wrangler itself (its own SQL splitting). */
export async function migrateFresh() {
  rmSync(STATE, { recursive: true, force: true });
  await runWrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", STATE], { quiet: true });
}

/**
 * The rate limits of wrangler.toml with room for a load test: a bench drives thousands of requests a
 * minute through one signed-in user, which contract §1 would refuse after 100. Every request still
 * asks the limiter, so its cost stays in the figures.
 */
function roomyRateLimits(ratelimits = {}) {
  return Object.fromEntries(Object.entries(ratelimits).map(([name, limiter]) => [name, { ...limiter, simple: { limit: 1_000_000_000, period: 60 } }]));
}

/**
 * Serves the built bundle with Miniflare on 127.0.0.1 and a free port, with the bindings of
 * wrangler.toml (D1 persisted under `state`, default the API bench's) plus `bindings`, and any
 * other Miniflare options in `extra`. Static assets are left out: the bench measures the Worker,
 * and none of its routes reads them. Rate limits are raised out of the way (roomyRateLimits).
 */
export async function startWorker(bindings, { state = STATE, ...extra } = {}) {
  const { workerOptions } = wrangler.unstable_getMiniflareWorkerOptions(path.join(ROOT, "wrangler.toml"));
  const { assets: _assets, ...options } = workerOptions;
  const mf = new Miniflare({
    ...options,
    modules: true,
    scriptPath: path.join(OUT, "index.js"),
    bindings: { ...options.bindings, ...bindings },
    ratelimits: roomyRateLimits(options.ratelimits),
    d1Persist: path.join(state, "v3", "d1"),
    host: "127.0.0.1",
    port: 0,
    ...extra,
  });
  const url = await mf.ready;
  return { mf, origin: url.origin };
}
