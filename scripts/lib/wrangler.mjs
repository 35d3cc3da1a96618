import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/** The project root: wrangler finds wrangler.toml, .dev.vars and .wrangler/state there. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

const WRANGLER = createRequire(import.meta.url).resolve("wrangler/bin/wrangler.js");

// Local development needs nothing from Cloudflare's network: no usage metrics, no `request.cf` lookup.
const env = { WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", ...process.env };

/** Starts the project's own wrangler (not whatever is on PATH) attached to the terminal. */
export function spawnWrangler(args) {
  return spawn(process.execPath, [WRANGLER, ...args], { stdio: "inherit", env, cwd: ROOT });
}

/**
 * Runs a wrangler command to its end and rejects when it fails. Without a terminal on stdin wrangler
 * takes its confirmations as given, which is right for the local D1. `quiet` keeps the output
 * unless the command fails.
 */
export function runWrangler(args, { quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const output = quiet ? "pipe" : "inherit";
    const child = spawn(process.execPath, [WRANGLER, ...args], { stdio: ["ignore", output, output], env, cwd: ROOT });
    const chunks = [];
    child.stdout?.on("data", (chunk) => chunks.push(chunk));
    child.stderr?.on("data", (chunk) => chunks.push(chunk));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) return resolve();
      process.stderr.write(Buffer.concat(chunks));
      reject(new Error(`wrangler ${args.join(" ")} failed (${signal ?? `exit ${code}`})`));
    });
  });
}
