/**
 * Standard Webhooks signatures (contract §6), made by the specification's own library so that
 * receivers verifying with any Standard Webhooks implementation agree with us.
 */
import { Webhook } from "standardwebhooks";

export type WebhookHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
  "content-type": "application/json";
};

/**
 * The `webhook-signature` header value, `v1,<base64 HMAC-SHA256 of "{id}.{unix seconds}.{body}">`,
 * keyed by the bytes of the `whsec_` secret. `body` must be the exact text that is sent.
 */
export function signWebhook(secret: string, id: string, timestamp: Date, body: string): string {
  return new Webhook(secret).sign(id, timestamp, body);
}

/**
 * Every header of one delivery attempt. `id` stays the same on every retry of a delivery (so
 * receivers can drop duplicates); `timestamp` is the attempt's, in whole unix seconds.
 */
export function webhookHeaders(secret: string, id: string, timestamp: Date, body: string): WebhookHeaders {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": signWebhook(secret, id, timestamp, body),
    "content-type": "application/json",
  };
}
