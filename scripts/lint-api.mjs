// `npm run lint:api`: lints the OpenAPI document the Worker serves at /openapi.json with Spectral
// and the rules of .spectral.yaml (spectral:oas plus the OWASP API Security Top 10). Prints
// Spectral's report, then one summary line; exits non-zero on any error (warnings are reported only).
import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { generateOpenApiDocument, withScratchDir } from "./lib/openapi-document.mjs";
import { ROOT } from "./lib/wrangler.mjs";

const SPECTRAL = createRequire(import.meta.url).resolve("@stoplight/spectral-cli/dist/index.js");
const RULESET = path.join(ROOT, ".spectral.yaml");
// Spectral's numeric severities.
const SEVERITIES = ["errors", "warnings", "infos", "hints"];
// The keys of a path item that are operations (the others are `parameters`, `summary` and such).
const METHODS = /^(get|put|post|delete|options|head|patch|trace)$/;

/** Runs the project's own Spectral; resolves with its exit code. */
function spectral(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SPECTRAL, ...args], { stdio: ["ignore", "inherit", "inherit"], cwd: ROOT });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const { code, counts, operations } = await withScratchDir(async (dir) => {
  const document = await generateOpenApiDocument(dir);
  const file = path.join(dir, "openapi.json");
  // Indented, so that the line numbers in Spectral's report point somewhere readable.
  await writeFile(file, JSON.stringify(document, null, 2));
  const results = path.join(dir, "results.json");
  const code = await spectral(["lint", file, "--ruleset", RULESET, "--quiet", "--format", "stylish", "--format", "json", "--output.json", results]);
  const counts = [0, 0, 0, 0];
  // No report at all when Spectral itself failed (a bad ruleset, say): its own message says why.
  const report = await readFile(results, "utf8").catch(() => "[]");
  for (const { severity } of JSON.parse(report)) counts[severity] += 1;
  const operations = Object.values(document.paths ?? {}).flatMap((item) => Object.keys(item).filter((key) => METHODS.test(key))).length;
  return { code, counts, operations };
});

const summary = SEVERITIES.map((name, severity) => `${counts[severity]} ${name}`).join(", ");
console.log(`lint:api: ${summary} in ${operations} operations (${path.relative(ROOT, RULESET)})`);
// Spectral fails on errors by default (--fail-severity error); a crash counts as a failure too.
if (code !== 0 || counts[0] > 0) process.exitCode = 1;
