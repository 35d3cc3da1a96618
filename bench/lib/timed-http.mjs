/**
 * HTTP requests sent and timed on a worker thread of their own. With a thousand sockets to read,
 * the main thread's event loop is busy for tens of milliseconds after each fan-out, and a response
 * it handles only then would look that much later than it arrived. The worker's loop does nothing
 * else, so `sentAt` and `answeredAt` are when the request left and its answer arrived, on
 * `monoNow()`'s clock (CLOCK_MONOTONIC, the same in every thread of the process).
 */
import { isMainThread, parentPort, Worker } from "node:worker_threads";

/** Monotonic milliseconds, comparable across the threads of this process. */
export const monoNow = () => Number(process.hrtime.bigint()) / 1e6;

if (!isMainThread && parentPort) {
  parentPort.on("message", async ({ id, method, url, headers, body, timeoutMs }) => {
    const sentAt = monoNow();
    try {
      const res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
      const text = await res.text();
      parentPort.postMessage({ id, status: res.status, text, sentAt, answeredAt: monoNow() });
    } catch (err) {
      parentPort.postMessage({ id, error: String(err?.message ?? err), sentAt, answeredAt: monoNow() });
    }
  });
}

/**
 * A worker thread that sends requests one message at a time: `request(method, url, { headers,
 * body, timeoutMs })` resolves with `{ status, text, sentAt, answeredAt }` or `{ error, ... }`.
 * `close()` ends the thread.
 */
export function startTimedHttp() {
  const worker = new Worker(new URL(import.meta.url));
  worker.unref();
  const pending = new Map();
  let next = 0;
  worker.on("message", (reply) => {
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  worker.on("error", (err) => {
    for (const resolve of pending.values()) resolve({ error: `http worker: ${err.message}` });
    pending.clear();
  });
  return {
    request(method, url, { headers = {}, body, timeoutMs = 15_000 } = {}) {
      const id = next++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        worker.postMessage({ id, method, url, headers, body, timeoutMs });
      });
    },
    close: () => worker.terminate(),
  };
}
