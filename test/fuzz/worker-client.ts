import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import worker from "../../src/index";
import type { Answer } from "./answer-checks";
import type { Document } from "./json-schema";
import type { FuzzRequest } from "./request-arbitrary";

const ORIGIN = "http://slaguard.test";

/**
 * Sends a fuzz request to the Worker's own fetch handler, with a fresh execution context whose
 * waitUntil work is awaited, so that what a request wrote is in D1 before the next one. Not through
 * `exports.default.fetch` as test/helpers.ts does: under vitest-pool-workers 0.15 every call through
 * an entrypoint wraps its prototype in one more Proxy, so request n costs O(n) and a sweep of
 * 18,000 requests would take hours (cloudflare/workers-sdk#15092, #15446).
 */
export async function sendToWorker(req: FuzzRequest): Promise<Answer> {
  const ctx = createExecutionContext();
  const request = new Request(`${ORIGIN}${req.path}`, { method: req.method, headers: req.headers, body: req.body });
  const res = await worker.fetch(request as Parameters<typeof worker.fetch>[0], env, ctx);
  // An accepted upgrade is a socket: close it at once (its 101 is not checked, see answer-checks.ts).
  if (res.status === 101 && res.webSocket) {
    res.webSocket.accept();
    res.webSocket.close(1000, "fuzz");
    await waitOnExecutionContext(ctx);
    return { status: 101, headers: res.headers, text: "" };
  }
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  return { status: res.status, headers: res.headers, text };
}

/** The OpenAPI document the Worker generates, read through its own fetch: the sweep's only source of operations and schemas. */
export async function readDocument(): Promise<Document & { paths: Record<string, Record<string, unknown>> }> {
  const res = await exports.default.fetch(`${ORIGIN}/openapi.json`);
  if (res.status !== 200) throw new Error(`GET /openapi.json answered ${res.status}`);
  return res.json();
}
