/** What travels through the DELIVERIES queue: only the id; the delivery's record in D1 is the truth. */
export type DeliveryMessage = { deliveryId: string };

/** Hands committed deliveries to the queue; absent where there is no queue binding. */
export type EnqueueDeliveries = (ids: readonly string[]) => void;

// Queues take at most 100 messages per sendBatch.
const SEND_BATCH = 100;

/**
 * Sends delivery ids to the queue after their batch committed. A failure is only logged: the
 * delivery stays `pending` in D1 and the cron's sweep enqueues it again, so nothing is lost.
 */
export async function enqueueDeliveries(queue: Queue, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += SEND_BATCH) {
    const messages = ids.slice(i, i + SEND_BATCH).map((deliveryId) => ({ body: { deliveryId } satisfies DeliveryMessage }));
    try {
      await queue.sendBatch(messages);
    } catch (err) {
      console.error(JSON.stringify({ event: "delivery_enqueue_failed", count: messages.length, error: String(err) }));
    }
  }
}

/** An EnqueueDeliveries on `queue` that runs in the request's background (`waitUntil`). */
export function deliveryEnqueuer(queue: Queue | undefined, waitUntil?: (promise: Promise<unknown>) => void): EnqueueDeliveries | undefined {
  if (!queue) return undefined;
  return (ids) => {
    if (ids.length === 0) return;
    const sent = enqueueDeliveries(queue, ids);
    if (waitUntil) waitUntil(sent);
  };
}

/**
 * The delivery ids among a batch's results: the rows of its outbox inserts, which alone answer
 * `deliveryId`, so the batch's other statements may come in any order around them.
 */
export function deliveryIdsOf(results: readonly unknown[]): string[] {
  return results.flatMap((rows) => (Array.isArray(rows) ? rows.flatMap((row: { deliveryId?: unknown }) => (typeof row.deliveryId === "string" ? [row.deliveryId] : [])) : []));
}
