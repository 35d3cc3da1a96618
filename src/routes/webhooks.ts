import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { allowsLoopbackWebhooks } from "../config";
import type { AppEnv } from "../env";
import { authenticate, requireRole } from "../http/auth";
import { deliveryEnqueuerOf } from "../http/action-context";
import { bearerSecurity, errorResponses, jsonAnswer, jsonBody, pageOf } from "../http/openapi";
import { toPageRequest } from "../http/pagination";
import { createRouter } from "../http/router";
import { createWebhook, getWebhook, listTeamWebhooks, listWebhookDeliveries, patchWebhook, redeliver, removeWebhook, testWebhook, type WebhookContext } from "../services/webhook-service";
import { DeliverySchema, toDeliveryView } from "../views/delivery-view";
import { CreatedWebhookSchema, toWebhookView, WebhookSchema } from "../views/webhook-view";
import { CreateWebhookBody, TeamWebhooksParams, UpdateWebhookBody, WebhookDeliveryListQuery, WebhookDeliveryParams, WebhookListQuery, WebhookParams } from "./schemas/webhook";

const common = { tags: ["Webhooks"], security: bearerSecurity, middleware: [authenticate, requireRole("manager")] };
const queued = (description: string) => jsonAnswer(DeliverySchema, description);

function webhookContext(c: Context<AppEnv>): WebhookContext {
  return { db: c.get("db"), caller: c.get("caller"), now: c.get("now"), allowLoopback: allowsLoopbackWebhooks(c.env), enqueue: deliveryEnqueuerOf(c) };
}

const list = createRoute({
  ...common,
  method: "get",
  operationId: "listTeamWebhooks",
  path: "/{id}/webhooks",
  summary: "List a team's webhooks",
  request: { params: TeamWebhooksParams, query: WebhookListQuery },
  responses: { 200: jsonAnswer(pageOf(WebhookSchema), "One page of webhooks."), ...errorResponses(400, 401, 403, 404) },
});

const create = createRoute({
  ...common,
  method: "post",
  operationId: "createTeamWebhook",
  path: "/{id}/webhooks",
  summary: "Register a webhook (Standard Webhooks)",
  description:
    "Creating sends nothing. Every delivery is a POST of one JSON object (Slack-compatible `text` and `blocks`, plus `type`, `timestamp` and `data: {ticket, metric?, band?}`) " +
    "with the headers `webhook-id` (the same on every retry of one delivery), `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256 of {id}.{timestamp}.{body}>`, " +
    "keyed by the bytes the secret's base64 part decodes to. A 2xx is success; 410 disables the webhook; other answers, redirects and 10 s timeouts are retried " +
    "(about 10 s, 1 min, 5 min, 30 min, 2 h, 6 h); 24 h of failures in a row disable it and tell the team's managers in-app.",
  request: { params: TeamWebhooksParams, body: jsonBody(CreateWebhookBody) },
  responses: { 201: jsonAnswer(CreatedWebhookSchema, "The webhook, with its secret: the only time it is shown."), ...errorResponses(400, 401, 403, 404) },
});

const read = createRoute({
  ...common,
  method: "get",
  operationId: "getTeamWebhook",
  path: "/{id}/webhooks/{webhookId}",
  summary: "Get a webhook",
  request: { params: WebhookParams },
  responses: { 200: jsonAnswer(WebhookSchema, "The webhook (never its secret)."), ...errorResponses(401, 403, 404) },
});

const update = createRoute({
  ...common,
  method: "patch",
  operationId: "updateTeamWebhook",
  path: "/{id}/webhooks/{webhookId}",
  summary: "Change a webhook's URL or events, or disable or enable it",
  request: { params: WebhookParams, body: jsonBody(UpdateWebhookBody) },
  responses: { 200: jsonAnswer(WebhookSchema, "The updated webhook."), ...errorResponses(400, 401, 403, 404) },
});

const remove = createRoute({
  ...common,
  method: "delete",
  operationId: "deleteTeamWebhook",
  path: "/{id}/webhooks/{webhookId}",
  summary: "Delete a webhook and its delivery log",
  request: { params: WebhookParams },
  responses: { 204: { description: "Deleted." }, ...errorResponses(401, 403, 404) },
});

const test = createRoute({
  ...common,
  method: "post",
  operationId: "testTeamWebhook",
  path: "/{id}/webhooks/{webhookId}/test",
  summary: "Send a `webhook.test` event",
  description: "Queued like any delivery; follow it in the webhook's deliveries.",
  request: { params: WebhookParams },
  responses: { 202: queued("The test delivery, queued."), ...errorResponses(401, 403, 404) },
});

const deliveries = createRoute({
  ...common,
  method: "get",
  operationId: "listWebhookDeliveries",
  path: "/{id}/webhooks/{webhookId}/deliveries",
  summary: "A webhook's delivery log, newest first",
  request: { params: WebhookParams, query: WebhookDeliveryListQuery },
  responses: { 200: jsonAnswer(pageOf(DeliverySchema), "One page of deliveries."), ...errorResponses(400, 401, 403, 404) },
});

const redeliverRoute = createRoute({
  ...common,
  method: "post",
  operationId: "redeliverWebhookDelivery",
  path: "/{id}/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver",
  summary: "Send a delivery's event again",
  description: "A new delivery (with a new `webhook-id`) of the same event and data; the original keeps its record.",
  request: { params: WebhookDeliveryParams },
  responses: { 202: queued("The new delivery, queued."), ...errorResponses(401, 403, 404) },
});

export const webhookRoutes = createRouter()
  .openapi(list, async (c) => {
    const page = await listTeamWebhooks(webhookContext(c), c.req.valid("param").id, toPageRequest(c.req.valid("query")));
    return c.json({ items: page.items.map(toWebhookView), nextCursor: page.nextCursor }, 200);
  })
  .openapi(create, async (c) => {
    const webhook = await createWebhook(webhookContext(c), c.req.valid("param").id, c.req.valid("json"));
    return c.json({ ...toWebhookView(webhook), secret: webhook.secret }, 201);
  })
  .openapi(read, async (c) => {
    const { id, webhookId } = c.req.valid("param");
    return c.json(toWebhookView(await getWebhook(webhookContext(c), id, webhookId)), 200);
  })
  .openapi(update, async (c) => {
    const { id, webhookId } = c.req.valid("param");
    return c.json(toWebhookView(await patchWebhook(webhookContext(c), id, webhookId, c.req.valid("json"))), 200);
  })
  .openapi(remove, async (c) => {
    const { id, webhookId } = c.req.valid("param");
    await removeWebhook(webhookContext(c), id, webhookId);
    return c.body(null, 204);
  })
  .openapi(test, async (c) => {
    const { id, webhookId } = c.req.valid("param");
    return c.json(toDeliveryView(await testWebhook(webhookContext(c), id, webhookId)), 202);
  })
  .openapi(deliveries, async (c) => {
    const { id, webhookId } = c.req.valid("param");
    const page = await listWebhookDeliveries(webhookContext(c), id, webhookId, toPageRequest(c.req.valid("query")));
    return c.json({ items: page.items.map(toDeliveryView), nextCursor: page.nextCursor }, 200);
  })
  .openapi(redeliverRoute, async (c) => {
    const { id, webhookId, deliveryId } = c.req.valid("param");
    return c.json(toDeliveryView(await redeliver(webhookContext(c), id, webhookId, deliveryId)), 202);
  });
