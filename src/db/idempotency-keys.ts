import { and, eq, isNull, lte, or } from "drizzle-orm";
import { IDEMPOTENCY_LEASE_MS, IDEMPOTENCY_TTL_MS, type StoredAttempt } from "../domain/idempotency";
import type { Database } from "./client";
import { idempotencyKeys } from "./schema";

/** One key of one user for one operation. */
export type IdempotencyKeyId = { userId: string; scope: string; key: string };

function byId(id: IdempotencyKeyId) {
  return and(eq(idempotencyKeys.userId, id.userId), eq(idempotencyKeys.scope, id.scope), eq(idempotencyKeys.key, id.key));
}

/** The claim made at `claimedAt` while it is still running: answering or releasing touches only that one. */
function runningClaim(id: IdempotencyKeyId, claimedAt: Date) {
  return and(byId(id), eq(idempotencyKeys.createdAt, claimedAt), isNull(idempotencyKeys.responseStatus));
}

/**
 * Claims the key for a request in one statement, so two racing requests cannot both win. A row
 * that no longer holds the key (expired, or a running claim past its lease; see `isReclaimable`)
 * is overwritten in place. True when this request now holds the key.
 */
export async function claimIdempotencyKey(db: Database, id: IdempotencyKeyId, requestHash: string, now: Date): Promise<boolean> {
  const claim = { requestHash, responseStatus: null, responseBody: null, createdAt: now, expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS) };
  const leaseEnded = new Date(now.getTime() - IDEMPOTENCY_LEASE_MS);
  const rows = await db
    .insert(idempotencyKeys)
    .values({ ...id, ...claim })
    .onConflictDoUpdate({
      target: [idempotencyKeys.userId, idempotencyKeys.scope, idempotencyKeys.key],
      set: claim,
      setWhere: or(
        lte(idempotencyKeys.expiresAt, now),
        and(isNull(idempotencyKeys.responseStatus), lte(idempotencyKeys.createdAt, leaseEnded)),
      ),
    })
    .returning({ userId: idempotencyKeys.userId });
  return rows.length > 0;
}

export async function findIdempotencyKey(db: Database, id: IdempotencyKeyId): Promise<StoredAttempt | undefined> {
  return db.query.idempotencyKeys.findFirst({
    columns: { requestHash: true, responseStatus: true, responseBody: true, createdAt: true, expiresAt: true },
    where: byId(id),
  });
}

/** Records the answer of the claim made at `claimedAt`, for replay. */
export async function storeIdempotentResponse(db: Database, id: IdempotencyKeyId, claimedAt: Date, status: number, body: string) {
  await db.update(idempotencyKeys).set({ responseStatus: status, responseBody: body }).where(runningClaim(id, claimedAt));
}

/** Frees the key after a failed attempt, so a retry runs afresh. */
export async function releaseIdempotencyKey(db: Database, id: IdempotencyKeyId, claimedAt: Date) {
  await db.delete(idempotencyKeys).where(runningClaim(id, claimedAt));
}

/** Deletes every row expired at `now` (for a periodic clean-up); returns how many went. */
export async function deleteExpiredIdempotencyKeys(db: Database, now: Date): Promise<number> {
  const result = await db.delete(idempotencyKeys).where(lte(idempotencyKeys.expiresAt, now));
  return result.meta.changes;
}
