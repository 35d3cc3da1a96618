// The OpenAPI document GET /openapi.json serves, produced in Node without a server or wrangler:
// src/app.ts is bundled by esbuild (as wrangler bundles the Worker) and its own /openapi.json route
// answers an in-process request. Used by `npm run lint:api`.
import { mkdir, mkdtemp, rm, rmdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { ROOT } from "./wrangler.mjs";

// Node has no `cloudflare:` modules. Only the live room (a Durable Object) and SMTP (raw sockets)
// import them, and neither runs while the document is built: empty stand-ins let the bundle load.
const CLOUDFLARE_STUBS = {
  "cloudflare:workers": "export class DurableObject {}",
  "cloudflare:sockets": "export function connect() { throw new Error('cloudflare:sockets is not available in Node'); }",
};

const stubCloudflareModules = {
  name: "stub-cloudflare-modules",
  setup(build) {
    build.onResolve({ filter: /^cloudflare:/ }, ({ path: name }) => ({ path: name, namespace: "cloudflare-stub" }));
    build.onLoad({ filter: /.*/, namespace: "cloudflare-stub" }, ({ path: name }) => {
      if (!(name in CLOUDFLARE_STUBS)) throw new Error(`no Node stand-in for ${name}: add one to scripts/lib/openapi-document.mjs`);
      return { contents: CLOUDFLARE_STUBS[name], loader: "js" };
    });
  },
};

/** Bundles src/app.ts into `dir` and answers the JSON its GET /openapi.json serves. */
export async function generateOpenApiDocument(dir) {
  const bundle = path.join(dir, "app.mjs");
  await esbuild.build({
    entryPoints: [path.join(ROOT, "src", "app.ts")],
    outfile: bundle,
    bundle: true,
    format: "esm",
    platform: "neutral",
    // The package entry points wrangler would pick for workerd.
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    plugins: [stubCloudflareModules],
    logLevel: "error",
  });
  const { createApp } = await import(pathToFileURL(bundle).href);
  // No route reads a binding to serve the document, but the request context opens a (lazy) D1
  // handle for every request: an empty object stands in for the binding.
  const res = await createApp().request("/openapi.json", {}, { DB: {} });
  if (res.status !== 200) throw new Error(`GET /openapi.json answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/**
 * Runs `work(dir)` in a fresh directory under dist/ (git-ignored), removed afterwards. Inside the
 * project, not the system's temp directory: Spectral matches the `overrides` of .spectral.yaml
 * against the document's path relative to that file, and a `**` glob never climbs out through `..`.
 */
export async function withScratchDir(work) {
  const parent = path.join(ROOT, "dist");
  await mkdir(parent, { recursive: true });
  const dir = await mkdtemp(path.join(parent, "lint-api-"));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
    // dist/ too when nothing else is in it (rmdir refuses a directory that is not empty).
    await rmdir(parent).catch(() => {});
  }
}
