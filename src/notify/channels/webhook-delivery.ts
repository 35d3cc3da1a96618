import type { Database } from "../../db/client";
import type { DeliveryRow } from "../../db/deliveries";
import { ticketsByIds } from "../../db/tickets";
import { webhookById, type WebhookRow } from "../../db/webhooks";
import type { Bindings } from "../../env";
import { ticketViewAt } from "../../views/ticket-view";
import { ticketLink } from "../email/templates";
import { webhookBody, webhookTestBody } from "../webhook-body";
import { postWebhook } from "../webhook-sender";
import { webhookHeaders } from "../webhook-signature";
import { finalFailure, type ChannelOutcome } from "./outcome";

type Facts = { message?: string; ticketKey?: string; title?: string; metric?: string | null; band?: string | null };

/**
 * One attempt of a webhook delivery, signed per Standard Webhooks with the delivery's id as
 * `webhook-id` (the same on every retry) and the attempt's instant as `webhook-timestamp`. The
 * ticket in `data` is the ticket as it is at the attempt. Answers the webhook too, for its run of failures.
 */
export async function attemptWebhook(env: Bindings, db: Database, delivery: DeliveryRow, now: number): Promise<{ outcome: ChannelOutcome; webhook?: WebhookRow }> {
  const webhook = delivery.webhookId ? await webhookById(db, delivery.webhookId) : undefined;
  if (!webhook) return { outcome: finalFailure("the webhook was deleted") };
  // A test is how a person checks a disabled webhook before enabling it again.
  if (!webhook.enabled && delivery.event !== "webhook.test") return { outcome: finalFailure("the webhook is disabled"), webhook };
  const at = new Date(now);
  const body = delivery.event === "webhook.test" ? webhookTestBody(at) : await eventBody(env, db, delivery, at);
  const result = await postWebhook(webhook.url, webhookHeaders(webhook.secret, delivery.id, at, body), body);
  return { outcome: result, webhook };
}

async function eventBody(env: Bindings, db: Database, delivery: DeliveryRow, at: Date): Promise<string> {
  const facts = delivery.payload as Facts;
  const [ticket] = delivery.ticketId ? await ticketsByIds(db, [delivery.ticketId]) : [];
  const key = ticket?.key ?? facts.ticketKey ?? null;
  return webhookBody({
    type: delivery.event,
    timestamp: at,
    message: facts.message ?? delivery.event,
    ticket: ticket ? ticketViewAt(ticket, at) : null,
    ticketKey: key,
    title: ticket?.title ?? facts.title ?? null,
    metric: facts.metric ?? null,
    band: facts.band ?? null,
    link: key ? ticketLink(env.APP_URL, key) : null,
  });
}
