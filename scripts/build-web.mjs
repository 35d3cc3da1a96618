// `npm run build` (with build:docs) / `node scripts/build-web.mjs [--watch]`: bundles the dashboard
// (web/, contract §11) into the Worker's static assets: public/index.html, public/_headers and the
// content-hashed bundles under public/assets/ (all build output, git-ignored). Everything comes from
// node_modules, nothing from a CDN. Fails when the gzipped JS + CSS outgrow the budget.
// `npm run dev` calls buildWeb({ watch: true }): esbuild rebuilds into public/ while wrangler serves it.
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WEB = path.join(ROOT, "web");
const PUBLIC = path.join(ROOT, "public");
const ASSETS = path.join(PUBLIC, "assets");

/** Everything the board loads (JS and CSS, lazy chunks included), gzipped. */
export const BUDGET_BYTES = 150 * 1024;

/**
 * Builds the dashboard once, or with `watch` keeps rebuilding on every change (answers after the
 * first build; call `dispose()` on the answer to stop). Throws when the first build fails or is over
 * budget; while watching, a later failure is reported and the last good build stays in place.
 */
export async function buildWeb({ watch = false, quiet = false } = {}) {
  await checkPinnedEsbuild();
  await rm(ASSETS, { recursive: true, force: true });
  await mkdir(ASSETS, { recursive: true });

  let first = true;
  let firstOutcome;
  const firstDone = new Promise((resolve) => (firstOutcome = resolve));
  const finish = {
    name: "slaguard-finish",
    setup(build) {
      build.onEnd(async (result) => {
        let outcome = null;
        try {
          if (result.errors.length > 0) throw new Error(`the dashboard did not build (${result.errors.length} errors above)`);
          const report = await finishBuild(result.metafile);
          if (!quiet || report.overBudget) console.log(report.text);
          if (report.overBudget) throw new Error(`the dashboard is ${kib(report.total)} gzipped, over its ${kib(BUDGET_BYTES)} budget`);
        } catch (err) {
          outcome = err;
          if (!first) console.error(`web: ${err.message}; still serving the last good build.`);
        }
        if (first) {
          first = false;
          firstOutcome(outcome);
        }
      });
    },
  };

  const context = await esbuild.context({
    absWorkingDir: ROOT,
    entryPoints: [
      { in: "web/src/main.ts", out: "app" },
      { in: "web/src/app.css", out: "app" },
    ],
    outdir: ASSETS,
    entryNames: "[name]-[hash]",
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    target: ["chrome120", "firefox121", "safari17"],
    minify: true,
    sourcemap: "linked",
    metafile: true,
    logLevel: quiet ? "error" : "warning",
    plugins: [finish],
  });
  if (watch) await context.watch();
  else await context.rebuild().catch(() => undefined); // errors reach onEnd, which reports them
  const failure = await firstDone;
  if (!watch) await context.dispose();
  if (failure) {
    if (watch) await context.dispose();
    throw failure;
  }
  return { dispose: () => context.dispose() };
}

/** The bundler is pinned to the version wrangler itself bundles the Worker with (package.json). */
async function checkPinnedEsbuild() {
  const manifest = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8"));
  const pinned = manifest.devDependencies?.esbuild;
  if (pinned !== esbuild.version) throw new Error(`esbuild ${esbuild.version} is installed but package.json pins ${pinned ?? "nothing"}: run npm install.`);
}

/**
 * After each build: measures the gzipped size against the budget and, within it, drops the bundles
 * of earlier builds, writes index.html pointing at this build's hashed names and copies the response
 * headers. Over budget, the page stays on the last build within it.
 */
async function finishBuild(metafile) {
  const outputs = Object.entries(metafile.outputs).map(([file, meta]) => ({ file: path.join(ROOT, file), ...meta }));
  const entry = (source, ext) => outputs.find((output) => output.entryPoint === source && output.file.endsWith(ext));
  const script = entry("web/src/main.ts", ".js");
  const style = entry("web/src/app.css", ".css");
  if (!script || !style) throw new Error("the build produced no app bundle or no stylesheet");

  const sizes = [];
  for (const output of outputs) {
    if (!/\.(js|css)$/.test(output.file)) continue;
    sizes.push({ name: path.relative(PUBLIC, output.file), bytes: gzipSync(await readFile(output.file), { level: 9 }).length });
  }
  const total = sizes.reduce((sum, size) => sum + size.bytes, 0);
  const lines = sizes.map((size) => `  ${size.name.padEnd(48)} ${kib(size.bytes).padStart(10)}`);
  const text = [`web: dashboard built into public/ (gzipped sizes)`, ...lines, `  ${"total".padEnd(48)} ${kib(total).padStart(10)}  (budget ${kib(BUDGET_BYTES)})`].join("\n");
  if (total > BUDGET_BYTES) return { text, total, overBudget: true };

  const kept = new Set(outputs.map((output) => output.file));
  for (const file of await listFiles(ASSETS)) if (!kept.has(file)) await rm(file);
  const url = (file) => `/${path.relative(PUBLIC, file).split(path.sep).join("/")}`;
  let page = await readFile(path.join(WEB, "index.html"), "utf8");
  for (const [placeholder, built] of [
    ['href="/app.css"', `href="${url(style.file)}"`],
    ['src="/app.js"', `src="${url(script.file)}"`],
  ]) {
    if (!page.includes(placeholder)) throw new Error(`web/index.html has no ${placeholder} to point at the bundle`);
    page = page.replace(placeholder, built);
  }
  await writeAtomically(path.join(PUBLIC, "index.html"), page);
  await copyFile(path.join(WEB, "_headers"), path.join(PUBLIC, "_headers"));
  return { text, total, overBudget: false };
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

async function listFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}

/** wrangler serves public/ while watching: it must never see half an index.html. */
async function writeAtomically(file, text) {
  const temporary = `${file}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const watch = process.argv.includes("--watch");
  try {
    await buildWeb({ watch });
    if (watch) console.log("web: watching web/ for changes (Ctrl-C to stop)");
  } catch (err) {
    console.error(`web: ${err.message}`);
    process.exit(1);
  }
}
