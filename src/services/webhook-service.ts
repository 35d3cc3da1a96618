import type { Database } from "../db/client";
import { findDelivery, insertDelivery, listDeliveries } from "../db/deliveries";
import { deleteWebhook, findWebhook, insertWebhook, listWebhooks, updateWebhook, type WebhookRow } from "../db/webhooks";
import type { Caller } from "../env";
import { ApiError } from "../http/errors";
import { byCreatedAt, toPage, type PageRequest } from "../http/pagination";
import type { EnqueueDeliveries } from "../notify/delivery-queue";
import { checkWebhookUrl } from "../notify/webhook-url";
import { generateWebhookSecret, isValidWebhookSecret } from "../notify/webhook-secret";
import { orgTeam } from "./team-service";

export type WebhookContext = { db: Database; caller: Caller; now: Date; allowLoopback: boolean; enqueue?: EnqueueDeliveries };
export type WebhookInput = { url: string; events: string[]; secret?: string };
export type WebhookPatch = { url?: string; events?: string[]; enabled?: boolean };

async function webhookOf(ctx: WebhookContext, teamId: string, id: string): Promise<WebhookRow> {
  const webhook = await findWebhook(ctx.db, ctx.caller.orgId, teamId, id);
  if (!webhook) throw ApiError.notFound("webhook");
  return webhook;
}

function checkedUrl(ctx: WebhookContext, raw: string): string {
  const check = checkWebhookUrl(raw, ctx.allowLoopback);
  if (!check.ok) throw ApiError.validation([{ path: "url", message: `The URL ${check.message}.` }]);
  return check.url;
}

/** Registers a webhook; the secret (generated unless given) is answered this once. Sends nothing. */
export async function createWebhook(ctx: WebhookContext, teamId: string, input: WebhookInput): Promise<WebhookRow> {
  const team = await orgTeam(ctx.db, ctx.caller.orgId, teamId);
  const url = checkedUrl(ctx, input.url);
  if (input.secret !== undefined && !isValidWebhookSecret(input.secret)) {
    throw ApiError.validation([{ path: "secret", message: "Use whsec_ followed by the base64 of 24 to 64 random bytes, or leave it out." }]);
  }
  const [row] = await insertWebhook(ctx.db, {
    id: crypto.randomUUID(),
    orgId: ctx.caller.orgId,
    teamId: team.id,
    url,
    events: [...new Set(input.events)],
    secret: input.secret ?? generateWebhookSecret(),
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  return row!;
}

export async function listTeamWebhooks(ctx: WebhookContext, teamId: string, page: PageRequest<"createdAt">) {
  const team = await orgTeam(ctx.db, ctx.caller.orgId, teamId);
  const rows = await listWebhooks(ctx.db, team.id, page);
  return toPage(rows, page.limit, byCreatedAt);
}

export const getWebhook = (ctx: WebhookContext, teamId: string, id: string) => webhookOf(ctx, teamId, id);

/** Edits a webhook; enabling it again forgets why it was disabled and its run of failures. */
export async function patchWebhook(ctx: WebhookContext, teamId: string, id: string, patch: WebhookPatch): Promise<WebhookRow> {
  const current = await webhookOf(ctx, teamId, id);
  const reEnabled = patch.enabled === true && !current.enabled;
  const [row] = await updateWebhook(ctx.db, ctx.caller.orgId, teamId, id, {
    ...(patch.url !== undefined && { url: checkedUrl(ctx, patch.url) }),
    ...(patch.events !== undefined && { events: [...new Set(patch.events)] }),
    ...(patch.enabled !== undefined && { enabled: patch.enabled }),
    ...(patch.enabled === false && current.enabled && { disabledAt: ctx.now, disabledReason: "disabled by a person" }),
    ...(reEnabled && { disabledAt: null, disabledReason: null, failingSince: null }),
    updatedAt: ctx.now,
  });
  if (!row) throw ApiError.notFound("webhook");
  return row;
}

export async function removeWebhook(ctx: WebhookContext, teamId: string, id: string): Promise<void> {
  const [deleted] = await deleteWebhook(ctx.db, ctx.caller.orgId, teamId, id);
  if (!deleted) throw ApiError.notFound("webhook");
}

/** Queues one delivery of a webhook: its record answers at once, the queue sends it. */
async function queueDelivery(ctx: WebhookContext, webhook: WebhookRow, event: string, ticketId: string | null, payload: Record<string, unknown>) {
  const [row] = await insertDelivery(ctx.db, {
    id: crypto.randomUUID(),
    orgId: webhook.orgId,
    batchId: crypto.randomUUID(),
    channel: "webhook",
    event,
    webhookId: webhook.id,
    teamId: webhook.teamId,
    ticketId,
    payload,
    nextAttemptAt: ctx.now,
    createdAt: ctx.now,
  });
  ctx.enqueue?.([row!.id]);
  return row!;
}

/** Sends a `webhook.test` event (even to a disabled webhook: checking it is how one mends it). */
export async function testWebhook(ctx: WebhookContext, teamId: string, id: string) {
  const webhook = await webhookOf(ctx, teamId, id);
  return queueDelivery(ctx, webhook, "webhook.test", null, { test: true });
}

export async function listWebhookDeliveries(ctx: WebhookContext, teamId: string, id: string, page: PageRequest<"createdAt">) {
  const webhook = await webhookOf(ctx, teamId, id);
  const rows = await listDeliveries(ctx.db, { orgId: ctx.caller.orgId, webhookId: webhook.id }, page);
  return toPage(rows, page.limit, byCreatedAt);
}

/**
 * Sends a delivery's event again as a new delivery (a new `webhook-id`): a delivery marked sent is
 * never sent again, and receivers that deduplicate by id still take a redelivery a person asked for.
 */
export async function redeliver(ctx: WebhookContext, teamId: string, id: string, deliveryId: string) {
  const webhook = await webhookOf(ctx, teamId, id);
  const original = await findDelivery(ctx.db, ctx.caller.orgId, deliveryId);
  if (!original || original.webhookId !== webhook.id) throw ApiError.notFound("delivery");
  return queueDelivery(ctx, webhook, original.event, original.ticketId, { ...original.payload, redeliveryOf: original.id });
}
