/**
 * `npm run dev` (scripts/dev.mjs) as a child of a bench: migrate the local D1, seed the demo
 * organization, then `wrangler dev` on 127.0.0.1:8787. It runs in its own process group (wrangler
 * and its workerd included), so that stopping it ends the whole group, never anything else.
 */
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { ROOT } from "../../scripts/lib/wrangler.mjs";

export const DEV_HOST = "127.0.0.1";
export const DEV_PORT = 8787;
export const DEV_ORIGIN = `http://${DEV_HOST}:${DEV_PORT}`;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when nothing accepts connections on host:port; rejects when something does. */
export function assertPortFree(port = DEV_PORT, host = DEV_HOST) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host });
    socket.setTimeout(2_000);
    socket.once("connect", () => {
      socket.destroy();
      reject(new Error(`something already answers on ${host}:${port}; stop it (another \`npm run dev\`?) before running this bench`));
    });
    socket.once("timeout", () => {
      socket.destroy();
      reject(new Error(`${host}:${port} accepts but does not answer; stop whatever listens there before running this bench`));
    });
    socket.once("error", (err) => (err.code === "ECONNREFUSED" ? resolve() : reject(err)));
  });
}

/** The last `lines` lines of a log file, for an error message. */
export function tailOf(file, lines = 40) {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/**
 * Starts scripts/dev.mjs with `--ip 127.0.0.1`, its output going to `logFile`. Returns
 * `{ pid, ready(timeoutMs), stop(), stopSync(), exited }`: `ready` waits for GET /health to answer
 * 200, `stop` ends the whole process group (SIGTERM, then SIGKILL after a grace period).
 */
export function startDevServer({ logFile, extraArgs = [] }) {
  mkdirSync(path.dirname(logFile), { recursive: true });
  const fd = openSync(logFile, "w");
  const child = spawn(process.execPath, [path.join(ROOT, "scripts", "dev.mjs"), "--ip", DEV_HOST, ...extraArgs], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", fd, fd],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  closeSync(fd);
  const pid = child.pid;
  let exit = null;
  let stopped = false;
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve((exit = { code, signal }))));

  /** Whether any process of the group is still alive. */
  const groupAlive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const signalGroup = (signal) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is gone already.
    }
  };

  async function ready(timeoutMs = 90_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (exit) throw new Error(`the dev server exited before answering (${exit.signal ?? `exit ${exit.code}`}); its log:\n${tailOf(logFile)}`);
      try {
        const res = await fetch(`${DEV_ORIGIN}/health`, { signal: AbortSignal.timeout(2_000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
      } catch {
        // Not up yet.
      }
      await sleep(500);
    }
    throw new Error(`the dev server did not answer GET /health within ${timeoutMs / 1000} s; its log:\n${tailOf(logFile)}`);
  }

  async function stop(graceMs = 10_000) {
    if (stopped || !groupAlive()) {
      stopped = true;
      return;
    }
    signalGroup("SIGTERM");
    const deadline = Date.now() + graceMs;
    while (groupAlive() && Date.now() < deadline) await sleep(100);
    if (groupAlive()) {
      signalGroup("SIGKILL");
      for (let i = 0; i < 50 && groupAlive(); i += 1) await sleep(100);
    }
    stopped = !groupAlive();
  }

  /** For `process.on("exit")`: no waiting possible, so straight to SIGKILL. */
  const stopSync = () => {
    if (!stopped) signalGroup("SIGKILL");
  };

  return { pid, ready, stop, stopSync, exited, groupAlive };
}
