/**
 * `wrangler dev` of this project on 127.0.0.1 and a free port, over a persisted state of its own,
 * serving the Worker and the dashboard in public/ (build it first) — for a bench that needs the
 * whole page and the live rooms without touching `npm run dev`'s port 8787 or its data. It runs
 * in its own process group (wrangler and its workerd), so stopping it ends exactly that group.
 */
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { ROOT } from "../../scripts/lib/wrangler.mjs";
import { tailOf } from "./dev-server.mjs";

const WRANGLER_BIN = createRequire(import.meta.url).resolve("wrangler/bin/wrangler.js");
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A port nothing listens on now (the kernel's pick), on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts `wrangler dev --persist-to <persistTo>` with `vars` (`--var NAME:value` each), output to
 * `logFile`; answers `{ origin, ready(timeoutMs), stop(), stopSync() }` once spawned.
 */
export async function startWranglerDev({ persistTo, vars = {}, logFile }) {
  const port = await freePort();
  const inspectorPort = await freePort();
  mkdirSync(path.dirname(logFile), { recursive: true });
  const fd = openSync(logFile, "w");
  const args = ["dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspectorPort), "--persist-to", persistTo];
  for (const [name, value] of Object.entries(vars)) args.push("--var", `${name}:${value}`);
  const child = spawn(process.execPath, [WRANGLER_BIN, ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", fd, fd],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  closeSync(fd);
  const origin = `http://127.0.0.1:${port}`;
  let exit = null;
  child.once("exit", (code, signal) => (exit = { code, signal }));

  const groupAlive = () => {
    try {
      process.kill(-child.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Gone already.
    }
  };

  async function ready(timeoutMs = 90_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (exit) throw new Error(`wrangler dev exited before answering (${exit.signal ?? `exit ${exit.code}`}); its log:\n${tailOf(logFile)}`);
      const ok = await fetch(`${origin}/health`, { signal: AbortSignal.timeout(2_000) }).then(
        (res) => res.arrayBuffer().then(() => res.status === 200),
        () => false,
      );
      if (ok) return;
      await sleep(500);
    }
    throw new Error(`wrangler dev did not answer GET /health within ${timeoutMs / 1000} s; its log:\n${tailOf(logFile)}`);
  }

  async function stop(graceMs = 5_000) {
    if (!groupAlive()) return;
    signalGroup("SIGTERM");
    const deadline = Date.now() + graceMs;
    while (groupAlive() && Date.now() < deadline) await sleep(100);
    if (groupAlive()) signalGroup("SIGKILL");
    for (let i = 0; i < 50 && groupAlive(); i += 1) await sleep(100);
  }

  return { origin, pid: child.pid, ready, stop, stopSync: () => signalGroup("SIGKILL") };
}
