// `npm run types` writes worker-configuration.d.ts from wrangler.toml; `--check` only fails when it is stale.
// The check is not `wrangler types --check`: in wrangler 4.86 that one adds the secrets of a local
// .dev.vars, so a developer with secrets would always be told the committed types are stale.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { ROOT, runWrangler } from "./lib/wrangler.mjs";

const TYPES_FILE = "worker-configuration.d.ts";
// Beside the real file, so that the relative `import("./src/index")` inside comes out the same.
const FRESH_FILE = ".worker-configuration.fresh.d.ts";

// Secrets stay out of the committed types: the Worker declares them optional itself (src/env.ts).
// The path goes first: `--env-file` takes every argument after it.
const generate = (file, quiet) => runWrangler(["types", file, "--strict-vars=false", "--env-file=/dev/null"], { quiet });

const read = (file) => readFileSync(path.join(ROOT, file), "utf8");
// The second line names the command that wrote the file, output path included; only its hash matters.
const meaning = (text) => [text.match(/\(hash: (\w+)\)/)?.[1], text.split("\n").slice(2).join("\n")].join("\n");

if (!process.argv.includes("--check")) {
  await generate(TYPES_FILE, false);
} else {
  try {
    await generate(FRESH_FILE, true);
    if (meaning(read(FRESH_FILE)) !== meaning(read(TYPES_FILE))) {
      console.error(`${TYPES_FILE} does not match wrangler.toml: run \`npm run types\` and commit the result.`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(path.join(ROOT, FRESH_FILE), { force: true });
  }
}
