import { z } from "@hono/zod-openapi";
import type { Context, Next } from "hono";
import { createMiddleware } from "hono/factory";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { sha256Hex } from "../auth/encoding";
import {
  claimIdempotencyKey,
  findIdempotencyKey,
  type IdempotencyKeyId,
  releaseIdempotencyKey,
  storeIdempotentResponse,
} from "../db/idempotency-keys";
import { decideIdempotency, idempotencyKeyProblem, isStoredStatus, MAX_IDEMPOTENCY_KEY_LENGTH, requestFingerprint } from "../domain/idempotency";
import type { AppEnv } from "../env";
import { ApiError } from "./errors";

/** The optional header, for a route's `request.headers` (OpenAPI only; `idempotent` does the checking). */
export const IdempotencyHeaders = z.object({
  "idempotency-key": z
    .string()
    .optional()
    .openapi({
      minLength: 1,
      maxLength: MAX_IDEMPOTENCY_KEY_LENGTH,
      description: `1–${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters. A retry with the same key and body within 24 h answers the first answer again (with \`Idempotency-Replayed: true\`) and creates nothing; another body → 422 \`E_IDEMPOTENCY_MISMATCH\`; while the first is still running → 409 \`E_IDEMPOTENCY_IN_PROGRESS\`.`,
      example: "5f0c7a8e-4a1b-4f8e-9d51-3c2b1a0e9f77",
    }),
});

// A claim can vanish between our failed claim and our read (its holder failed and released it);
// then we try again, but only a few times, so two clients cannot keep each other spinning.
const CLAIM_ATTEMPTS = 3;

function inProgress(key: string) {
  return new ApiError(409, "E_IDEMPOTENCY_IN_PROGRESS", "A request with this Idempotency-Key is still running; retry shortly.", { key }, { "Retry-After": "1" });
}

/** Runs the handler holding the key: a success is stored for replay, anything else frees the key. */
async function runClaimed(c: Context<AppEnv>, next: Next, id: IdempotencyKeyId) {
  const db = c.get("db");
  const claimedAt = c.get("now");
  let answered = false;
  try {
    await next();
    if (isStoredStatus(c.res.status)) {
      answered = true;
      try {
        await storeIdempotentResponse(db, id, claimedAt, c.res.status, await c.res.clone().text());
      } catch (err) {
        // The object exists and the client gets its answer; the claim then runs out with its lease.
        console.error(JSON.stringify({ level: "error", requestId: c.get("requestId"), message: `idempotency store failed: ${String(err)}` }));
      }
    }
  } finally {
    if (!answered) await releaseIdempotencyKey(db, id, claimedAt);
  }
}

/**
 * `Idempotency-Key` for a create (contract §1), keyed per user and `scope`. Put it in a route's
 * middleware after `authenticate`. Without the header the request runs as usual. It reads the
 * whole body to hash it, so it suits JSON routes, not a streamed file upload.
 */
export function idempotent(scope: string) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = c.req.header("Idempotency-Key");
    if (key === undefined) return next();
    const problem = idempotencyKeyProblem(key);
    if (problem) throw ApiError.validation([{ path: "Idempotency-Key", message: problem }]);

    const db = c.get("db");
    const now = c.get("now");
    const id = { userId: c.get("caller").id, scope, key };
    // The body text is cached by requireJsonBody's parse, so this reads nothing twice.
    const requestHash = await sha256Hex(requestFingerprint(c.req.method, c.req.path, await c.req.text()));

    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      if (await claimIdempotencyKey(db, id, requestHash, now)) return runClaimed(c, next, id);
      const decision = decideIdempotency(await findIdempotencyKey(db, id), requestHash, now);
      if (decision.kind === "mismatch") {
        throw ApiError.unprocessable("E_IDEMPOTENCY_MISMATCH", "This Idempotency-Key was used with another request.", { key });
      }
      if (decision.kind === "in_progress") throw inProgress(key);
      if (decision.kind === "replay") {
        c.header("Idempotency-Replayed", "true");
        const status = decision.status as ContentfulStatusCode;
        // A stored success without a body (a 204) is replayed without one.
        return decision.body ? c.body(decision.body, status, { "Content-Type": "application/json" }) : c.body(null, status);
      }
    }
    throw inProgress(key);
  });
}
