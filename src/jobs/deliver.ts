import { createDb, type Database } from "../db/client";
import { claimDelivery, markDeliveryFailed, markDeliveryRetry, markDeliverySent, type DeliveryRow } from "../db/deliveries";
import { disableWebhookStatements, recordWebhookFailure, recordWebhookSuccess, type WebhookRow } from "../db/webhooks";
import { MAX_ATTEMPTS, retryDelaySeconds, webhookFailedTooLong } from "../domain/delivery-schedule";
import type { Bindings } from "../env";
import { attemptEmail } from "../notify/channels/email-delivery";
import type { ChannelOutcome } from "../notify/channels/outcome";
import { attemptWebhook } from "../notify/channels/webhook-delivery";
import type { DeliveryMessage } from "../notify/delivery-queue";

/** The queue whose messages ran out of retries (wrangler.toml `dead_letter_queue`). */
export const DEAD_LETTER_QUEUE = "slaguard-deliveries-dlq";

/**
 * The queue consumer of contract §6. A message names a delivery; the delivery's record in D1 is
 * the truth. The consumer claims the delivery with a conditional update (a delivery already sent,
 * failed, or claimed by another consumer is acknowledged without sending), makes one attempt and
 * records it. A failure is retried on the schedule with `message.retry({delaySeconds})`; a
 * message that has used up its retries reaches the dead-letter queue, whose messages mark their
 * deliveries failed. `now` is the attempt's instant: a parameter, so tests choose it.
 */
export async function consumeDeliveries(batch: MessageBatch<DeliveryMessage>, env: Bindings, now = Date.now()): Promise<void> {
  const db = createDb(env.DB);
  if (batch.queue === DEAD_LETTER_QUEUE) return failDeadLetters(db, batch);
  await Promise.all(
    batch.messages.map(async (message) => {
      try {
        const retryIn = await attemptDelivery(env, db, message.body.deliveryId, now);
        if (retryIn === undefined) message.ack();
        else message.retry({ delaySeconds: retryIn });
      } catch (err) {
        // D1 itself failed: the claim, if any, expires and the message comes back.
        console.error(JSON.stringify({ event: "delivery_error", deliveryId: message.body.deliveryId, error: String(err) }));
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      }
    }),
  );
}

async function failDeadLetters(db: Database, batch: MessageBatch<DeliveryMessage>): Promise<void> {
  const ids = batch.messages.map((message) => message.body.deliveryId);
  const [first, ...rest] = ids.map((id) => markDeliveryFailed(db, id));
  if (first) await db.batch([first, ...rest]);
  console.warn(JSON.stringify({ event: "deliveries_dead_lettered", ids }));
  batch.ackAll();
}

/** One attempt of one delivery; answers the seconds to wait before the next, or undefined when done with it. */
async function attemptDelivery(env: Bindings, db: Database, id: string, now: number): Promise<number | undefined> {
  const [delivery] = await claimDelivery(db, id, now);
  if (!delivery) return undefined;
  // A copy the cron's sweep queued again after the schedule's last attempt: the record says it is over.
  if (delivery.attempts > MAX_ATTEMPTS) {
    await markDeliveryFailed(db, delivery.id);
    return undefined;
  }
  if (delivery.channel === "email") return settle(db, delivery, await attemptEmail(env, db, delivery, now), undefined, now);
  const { outcome, webhook } = await attemptWebhook(env, db, delivery, now);
  return settle(db, delivery, outcome, webhook, now);
}

/** Records an attempt's outcome, with what it means for the webhook, in one batch. */
async function settle(db: Database, delivery: DeliveryRow, outcome: ChannelOutcome, webhook: WebhookRow | undefined, now: number): Promise<number | undefined> {
  const hook = webhook?.id;
  if (outcome.kind === "sent") {
    await db.batch([markDeliverySent(db, delivery.id, now, outcome.status), ...(hook ? [recordWebhookSuccess(db, hook)] : [])]);
    return undefined;
  }
  if (outcome.kind === "gone") {
    const failure = { error: `the receiver answered ${outcome.status} Gone; the webhook is disabled`, status: outcome.status };
    await db.batch([markDeliveryFailed(db, delivery.id, failure), ...(hook ? disableWebhookStatements(db, hook, `the receiver answered ${outcome.status} Gone`, now) : [])]);
    return undefined;
  }
  const failure = { error: outcome.error, status: outcome.status };
  const failingTooLong = webhook !== undefined && webhook.enabled && webhookFailedTooLong(webhook.failingSince?.getTime() ?? now, now);
  if (outcome.final || failingTooLong) {
    await db.batch([markDeliveryFailed(db, delivery.id, failure), ...(failingTooLong && hook ? disableWebhookStatements(db, hook, "failing for 24 hours", now) : [])]);
    return undefined;
  }
  // After the last attempt the message is retried too: past its `max_retries` the queue moves it to
  // the dead-letter queue, whose consumer marks the delivery failed.
  const delay = retryDelaySeconds(delivery.attempts);
  await db.batch([markDeliveryRetry(db, delivery.id, failure, now + delay * 1000), ...(hook ? [recordWebhookFailure(db, hook, now)] : [])]);
  return delay;
}
