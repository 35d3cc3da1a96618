// `npm run build:docs`: assembles the API reference UI served at /docs from the Worker's static
// assets, with nothing loaded from a CDN. Copies the few files it needs from the pinned
// swagger-ui-dist devDependency plus the page's own source in docs-ui/ into public/docs/ (build
// output, git-ignored). `npm run dev` and `npm run deploy` run it first; dev.mjs imports buildDocs().
import { copyFile, mkdir, readFile, readdir, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SOURCE = path.join(ROOT, "docs-ui");
const PUBLIC = path.join(ROOT, "public");
const OUT = path.join(PUBLIC, "docs");

/** What the page uses from swagger-ui-dist (no source maps, no standalone preset), with its licence. */
const VENDOR_FILES = [
  "swagger-ui-bundle.js",
  "swagger-ui-bundle.js.LICENSE.txt",
  "swagger-ui.css",
  "favicon-16x16.png",
  "favicon-32x32.png",
  "LICENSE",
  "NOTICE",
];

/** Builds public/docs/ afresh; answers the swagger-ui-dist version it used. */
export async function buildDocs({ quiet = false } = {}) {
  const dist = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  const version = await checkPinned(dist);

  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  for (const file of VENDOR_FILES) await copyFile(path.join(dist, file), path.join(OUT, file));
  for (const file of await readdir(SOURCE)) {
    if (file === "_headers") continue;
    await copyFile(path.join(SOURCE, file), path.join(OUT, file));
  }
  await copyHeaders();

  if (!quiet) console.log(`docs: Swagger UI ${version} (swagger-ui-dist) -> ${path.relative(ROOT, OUT)}/`);
  return version;
}

/** The installed swagger-ui-dist must be the exact version package.json pins (a stale node_modules is refused). */
async function checkPinned(dist) {
  const { version } = JSON.parse(await readFile(path.join(dist, "package.json"), "utf8"));
  const manifest = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8"));
  const pinned = manifest.devDependencies?.["swagger-ui-dist"] ?? manifest.dependencies?.["swagger-ui-dist"];
  if (pinned !== version) {
    throw new Error(`swagger-ui-dist ${version} is installed but package.json pins ${pinned ?? "nothing"}: run npm install.`);
  }
  return version;
}

/**
 * The /docs response headers (CSP) live in docs-ui/_headers. wrangler reads them from public/_headers,
 * which other parts of the app may own: the file is copied only when public/_headers does not exist,
 * and a warning names the rules to merge when an existing one has none for /docs.
 */
async function copyHeaders() {
  const source = path.join(SOURCE, "_headers");
  const target = path.join(PUBLIC, "_headers");
  if (!(await exists(source))) return;
  if (!(await exists(target))) {
    await copyFile(source, target);
    return;
  }
  const existing = await readFile(target, "utf8");
  if (!/^\/docs\b/m.test(existing)) {
    console.warn(`docs: public/_headers exists without a /docs rule; merge the rules of docs-ui/_headers into it.`);
  }
}

async function exists(file) {
  return stat(file).then(
    () => true,
    () => false,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildDocs();
}
