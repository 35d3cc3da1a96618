/**
 * Client sockets of a team's live room (contract §7) for the fan-out bench, with the `ws` package.
 * Each socket keeps only counters and what its `onEvent` callback stores: no message is kept.
 * Every message after the first (the snapshot) must carry `seq` one above the one before; a socket
 * counts the seq numbers it never saw (`seqMissing`) and the messages whose seq did not rise
 * (`seqBackwards`: duplicates or out of order).
 */
import { performance } from "node:perf_hooks";
import WebSocket from "ws";
import { monoNow } from "./timed-http.mjs";

/** Wall-clock milliseconds with sub-millisecond resolution (comparable with the server's Date.now()). */
export const wallNow = () => performance.timeOrigin + performance.now();

// CLOCK_MONOTONIC and the wall clock are slewed alike, so one offset serves a whole run.
const WALL_MINUS_MONO = wallNow() - monoNow();
/** A `monoNow()` instant on the wall clock. */
export const monoToWall = (mono) => mono + WALL_MINUS_MONO;

/**
 * Opens one socket and resolves with its state once the first message (the snapshot) arrived.
 * `onEvent(state, message, receivedAt)` sees every later message, parsed; `receivedAt` is
 * `monoNow()` taken before parsing (`monoToWall` turns it into a wall-clock instant).
 */
export function openLiveSocket(url, { index, onEvent, timeoutMs = 20_000 }) {
  return new Promise((resolve, reject) => {
    const state = {
      index,
      ws: null,
      snapshotSeq: null,
      snapshotTickets: 0,
      lastSeq: null,
      messages: 0,
      seqMissing: 0,
      seqBackwards: 0,
      unparsable: 0,
      closed: null,
      closing: false,
      error: null,
    };
    let settled = false;
    const fail = (err) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        ws.terminate();
      } catch {
        // Already gone.
      }
      reject(err);
    };
    const ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: timeoutMs });
    state.ws = ws;
    const timer = setTimeout(() => fail(new Error(`socket ${index}: no snapshot within ${timeoutMs} ms`)), timeoutMs);

    ws.on("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => fail(new Error(`socket ${index}: upgrade answered ${res.statusCode}: ${body.slice(0, 300)}`)));
    });
    ws.on("error", (err) => {
      state.error = String(err?.message ?? err);
      fail(new Error(`socket ${index}: ${state.error}`));
    });
    ws.on("close", (code, reason) => {
      state.closed = { code, reason: String(reason), at: wallNow() };
      fail(new Error(`socket ${index}: closed (${code}) before its snapshot`));
    });
    ws.on("message", (data) => {
      const receivedAt = monoNow();
      let message;
      try {
        message = JSON.parse(data.toString());
      } catch {
        state.unparsable += 1;
        return;
      }
      state.messages += 1;
      if (state.snapshotSeq === null) {
        if (message.type !== "snapshot" || typeof message.seq !== "number") {
          fail(new Error(`socket ${index}: first message is ${String(message.type)}, not a snapshot with a seq`));
          return;
        }
        state.snapshotSeq = message.seq;
        state.lastSeq = message.seq;
        state.snapshotTickets = Array.isArray(message.tickets) ? message.tickets.length : 0;
        settled = true;
        clearTimeout(timer);
        resolve(state);
        return;
      }
      if (typeof message.seq === "number") {
        if (message.seq > state.lastSeq) {
          state.seqMissing += message.seq - state.lastSeq - 1;
          state.lastSeq = message.seq;
        } else {
          state.seqBackwards += 1;
        }
      }
      onEvent?.(state, message, receivedAt);
    });
  });
}

/**
 * Opens `count` sockets, `parallel` at a time. Resolves with `{ sockets, failures }`: the states
 * of those that opened, and the error messages of those that did not.
 */
export async function openLiveSockets(url, count, { parallel = 50, onEvent, timeoutMs, onProgress } = {}) {
  const sockets = [];
  const failures = [];
  for (let start = 0; start < count; start += parallel) {
    const batch = [];
    for (let index = start; index < Math.min(count, start + parallel); index += 1) batch.push(openLiveSocket(url, { index, onEvent, timeoutMs }));
    for (const result of await Promise.allSettled(batch)) {
      if (result.status === "fulfilled") sockets.push(result.value);
      else failures.push(String(result.reason?.message ?? result.reason));
    }
    onProgress?.(sockets.length, failures.length);
  }
  return { sockets, failures };
}

/** Sockets that closed or failed without being asked to. */
export const droppedSockets = (sockets) => sockets.filter((state) => !state.closing && (state.closed !== null || state.error !== null));

/** Closes the sockets (code 1000) and waits up to `timeoutMs` for them to close; the rest are terminated. */
export async function closeLiveSockets(sockets, timeoutMs = 5_000) {
  const open = sockets.filter((state) => state.ws.readyState !== WebSocket.CLOSED);
  await Promise.all(
    open.map(
      (state) =>
        new Promise((resolve) => {
          state.closing = true;
          const timer = setTimeout(() => {
            state.ws.terminate();
            resolve();
          }, timeoutMs);
          state.ws.once("close", () => {
            clearTimeout(timer);
            resolve();
          });
          try {
            state.ws.close(1000, "bench done");
          } catch {
            clearTimeout(timer);
            state.ws.terminate();
            resolve();
          }
        }),
    ),
  );
}

/** Terminates every socket at once (for an abort). */
export function terminateLiveSockets(sockets) {
  for (const state of sockets) {
    state.closing = true;
    try {
      state.ws.terminate();
    } catch {
      // Already gone.
    }
  }
}
