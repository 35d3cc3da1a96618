import { createHash } from "node:crypto";
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { buildDocs } from "../../scripts/build-docs.mjs";
import { buildWeb } from "../../scripts/build-web.mjs";
import { ROOT, runWrangler } from "../../scripts/lib/wrangler.mjs";
import { OUT } from "./results.mjs";

const require = createRequire(import.meta.url);
const wrangler = require("wrangler");
// The Miniflare that this project's wrangler serves `wrangler dev` with, not the newer one the test pool brings.
const { Miniflare } = createRequire(require.resolve("wrangler/package.json"))("miniflare");

export { OUT };
export const STATE = path.join(OUT, "state");

/** Bundles the Worker exactly as `wrangler deploy` would upload it, with the assets it would upload beside it. */
export async function buildBundle() {
  await buildWeb({ quiet: true });
  await buildDocs({ quiet: true });
  await runWrangler(["deploy", "--dry-run", "--outdir", path.relative(ROOT, OUT)], { quiet: true });
}

/**
 * A fresh local D1 at `state` with every migration applied by wrangler itself (its own SQL
 * splitting): a copy of one migrated once per version of the migrations and wrangler.toml
 * (bench/out/migrated/<hash>), since `wrangler d1 migrations apply` takes 5-15 s on a busy machine
 * and the benches need up to five fresh databases a run.
 */
export async function migrateFresh(state = STATE) {
  const template = await migratedTemplate();
  rmSync(state, { recursive: true, force: true });
  cpSync(template, state, { recursive: true });
}

async function migratedTemplate() {
  const migrations = path.join(ROOT, "migrations");
  const hash = createHash("sha256").update(readFileSync(path.join(ROOT, "wrangler.toml")));
  for (const name of readdirSync(migrations).filter((file) => file.endsWith(".sql")).sort()) hash.update(`\0${name}\0`).update(readFileSync(path.join(migrations, name)));
  const parent = path.join(OUT, "migrated");
  const template = path.join(parent, hash.digest("hex").slice(0, 16));
  if (existsSync(template)) return template;
  // Built aside and renamed into place, so that a bench running at the same time never copies half of one.
  const building = `${template}.${process.pid}.tmp`;
  rmSync(building, { recursive: true, force: true });
  await runWrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", building], { quiet: true });
  // Older versions go once nothing can still be copying them.
  for (const name of existsSync(parent) ? readdirSync(parent) : []) {
    const old = path.join(parent, name);
    if (!name.endsWith(".tmp") && Date.now() - statSync(old).mtimeMs > 3_600_000) rmSync(old, { recursive: true, force: true });
  }
  try {
    renameSync(building, template);
  } catch (err) {
    if (!existsSync(template)) throw err;
    rmSync(building, { recursive: true, force: true }); // another bench got there first
  }
  return template;
}

/** A limit no bench reaches, in place of each `[[ratelimits]]` binding's. */
const ROOMY_LIMIT = { limit: 1_000_000_000, period: 60 };

/**
 * The rate limits of wrangler.toml with room for a load test: a bench drives thousands of requests a
 * minute through one signed-in user, which contract §1 would refuse after 100. Every request still
 * asks the limiter, so its cost stays in the figures.
 */
function roomyRateLimits(ratelimits = {}) {
  return Object.fromEntries(Object.entries(ratelimits).map(([name, limiter]) => [name, { ...limiter, simple: ROOMY_LIMIT }]));
}

/**
 * The same room for a bench that serves with `wrangler dev` (bench/fanout.mjs through `npm run
 * dev`): writes `file`, a JSON copy of wrangler.toml with every `[[ratelimits]]` binding's limit
 * raised as in roomyRateLimits and its paths made absolute (wrangler reads a config's paths from
 * its own folder), and answers the `wrangler dev` arguments that serve with it on the project's
 * own local state (.wrangler/state, where `npm run dev` migrates and seeds).
 *
 * With `bundle`, the config serves the bundle buildBundle wrote (bench/out/index.js, `no_bundle`)
 * instead of src/, without the static assets, as startWorker does: what the other benches measure,
 * and a server that edits of src/ or web/ during a run do not reload. The bundle is served from a
 * copy in a folder of its own: without bundling, wrangler takes every module-like file beside the
 * main one (the benches' seed .sql files) as a module and watches them all.
 */
export function roomyDevConfig({ bundle = false, file = path.join(OUT, "wrangler.roomy.json") } = {}) {
  const { rawConfig: config } = wrangler.experimental_readRawConfig({ config: path.join(ROOT, "wrangler.toml") });
  const absolute = (relative) => path.resolve(ROOT, relative);
  const { assets, ...rest } = config;
  const served = path.join(path.dirname(file), "roomy-bundle", "index.js");
  if (bundle) {
    mkdirSync(path.dirname(served), { recursive: true });
    copyFileSync(path.join(OUT, "index.js"), served);
  }
  const roomy = {
    ...rest,
    main: bundle ? served : absolute(config.main),
    ...(bundle && { no_bundle: true }),
    ...(assets && !bundle && { assets: { ...assets, ...(assets.directory && { directory: absolute(assets.directory) }) } }),
    ...(config.d1_databases && { d1_databases: config.d1_databases.map((db) => (db.migrations_dir ? { ...db, migrations_dir: absolute(db.migrations_dir) } : db)) }),
    ratelimits: (config.ratelimits ?? []).map((limiter) => ({ ...limiter, simple: ROOMY_LIMIT })),
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(roomy, null, 2)}\n`);
  return ["--config", file, "--persist-to", path.join(ROOT, ".wrangler", "state")];
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
