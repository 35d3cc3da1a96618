import { createDb } from "../db/client";
import { sweepOverdueDeliveries } from "../db/deliveries";
import type { Bindings } from "../env";
import { enqueueDeliveries } from "../notify/delivery-queue";

/**
 * The cron's safety net for the delivery queue (contract §6): a queue message can be lost (a local
 * restart drops them all), so pending deliveries whose attempt is long overdue are queued again.
 * D1, not the queue, is the truth: a copy that meets a delivery already sent or claimed does
 * nothing. Answers how many were queued.
 */
export async function sweepDeliveries(env: Bindings, now: number): Promise<number> {
  const overdue = await sweepOverdueDeliveries(createDb(env.DB), now);
  if (overdue.length > 0) {
    console.warn(JSON.stringify({ event: "deliveries_requeued", count: overdue.length }));
    await enqueueDeliveries(env.DELIVERIES, overdue.map((row) => row.id));
  }
  return overdue.length;
}
