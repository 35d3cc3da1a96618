import { and, eq, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { DeliveryChannel, DeliveryStatus } from "../domain/notification-events";
import type { PageRequest } from "../http/pagination";
import type { Database } from "./client";
import { afterCursor, keysetOrder } from "./keyset";
import { deliveries } from "./schema";

export type DeliveryRow = typeof deliveries.$inferSelect;

/** How long a claim keeps other consumers off a delivery: longer than any send's hard timeout. */
export const CLAIM_MS = 2 * 60_000;

/**
 * Claims a pending delivery for one attempt: counts the attempt and holds it for CLAIM_MS. Only
 * one of two consumers holding the same id wins (a conditional update), a delivery already sent or
 * failed is never claimed, and a claim left by a consumer that died expires. Answers the row, or
 * nothing when it is not this consumer's to send.
 */
export function claimDelivery(db: Database, id: string, now: number) {
  return db
    .update(deliveries)
    .set({ attempts: sql`${deliveries.attempts} + 1`, claimedUntil: new Date(now + CLAIM_MS) })
    .where(and(eq(deliveries.id, id), eq(deliveries.status, "pending"), or(isNull(deliveries.claimedUntil), lte(deliveries.claimedUntil, new Date(now)))))
    .returning();
}

/** Records a successful attempt: `sent` for good. */
export function markDeliverySent(db: Database, id: string, now: number, status: number | null) {
  return db
    .update(deliveries)
    .set({ status: "sent", sentAt: new Date(now), lastStatus: status, lastError: null, claimedUntil: null, nextAttemptAt: null })
    .where(eq(deliveries.id, id));
}

/** Records a failed attempt to be tried again at `nextAttemptAt`. */
export function markDeliveryRetry(db: Database, id: string, failure: { error: string; status: number | null }, nextAttemptAt: number) {
  return db
    .update(deliveries)
    .set({ lastError: failure.error, lastStatus: failure.status, claimedUntil: null, nextAttemptAt: new Date(nextAttemptAt) })
    .where(and(eq(deliveries.id, id), eq(deliveries.status, "pending")));
}

/** Gives a delivery up: `failed` for good (a pending one only, so a sent delivery stays sent). */
export function markDeliveryFailed(db: Database, id: string, failure?: { error: string; status: number | null }) {
  return db
    .update(deliveries)
    .set({ status: "failed", claimedUntil: null, nextAttemptAt: null, ...(failure && { lastError: failure.error, lastStatus: failure.status }) })
    .where(and(eq(deliveries.id, id), eq(deliveries.status, "pending")));
}

/** How far past its attempt a pending delivery must be before the sweep takes its message for lost. */
export const SWEEP_GRACE_MS = 2 * 60_000;
/** Deliveries re-enqueued per sweep at most; the rest wait for the next cron run. */
export const SWEEP_LIMIT = 500;

/**
 * Takes the pending deliveries whose attempt is long overdue and not claimed (their queue message
 * was lost, e.g. a local restart) and moves their attempt to `now`, answering their ids for the
 * queue. One statement over the partial index of pending deliveries; a delivery it takes is not
 * taken again until it is overdue once more.
 */
export function sweepOverdueDeliveries(db: Database, now: number) {
  const overdue = db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.status, "pending"),
        lt(deliveries.nextAttemptAt, new Date(now - SWEEP_GRACE_MS)),
        or(isNull(deliveries.claimedUntil), lte(deliveries.claimedUntil, new Date(now))),
      ),
    )
    .orderBy(deliveries.nextAttemptAt)
    .limit(SWEEP_LIMIT);
  return db
    .update(deliveries)
    .set({ nextAttemptAt: new Date(now) })
    .where(sql`${deliveries.id} IN ${overdue}`)
    .returning({ id: deliveries.id });
}

export type DeliveryFilter = { orgId: string; status?: DeliveryStatus; channel?: DeliveryChannel; webhookId?: string };

/** One keyset page (`limit + 1` rows) of deliveries, newest first unless the page says otherwise. */
export function listDeliveries(db: Database, filter: DeliveryFilter, page: PageRequest<"createdAt">) {
  return db
    .select()
    .from(deliveries)
    .where(
      and(
        eq(deliveries.orgId, filter.orgId),
        filter.status ? eq(deliveries.status, filter.status) : undefined,
        filter.channel ? eq(deliveries.channel, filter.channel) : undefined,
        filter.webhookId ? eq(deliveries.webhookId, filter.webhookId) : undefined,
        afterCursor(deliveries.createdAt, deliveries.id, page.descending, page.cursor),
      ),
    )
    .orderBy(...keysetOrder(deliveries.createdAt, deliveries.id, page.descending))
    .limit(page.limit + 1);
}

export function findDelivery(db: Database, orgId: string, id: string) {
  return db.query.deliveries.findFirst({ where: and(eq(deliveries.orgId, orgId), eq(deliveries.id, id)) });
}

export function insertDelivery(db: Database, row: typeof deliveries.$inferInsert) {
  return db.insert(deliveries).values(row).returning();
}
