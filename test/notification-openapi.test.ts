import { expect, it } from "vitest";
import { expectDocumented } from "./openapi-helpers";

const OPERATIONS = [
  ["get", "/api/v1/notifications"],
  ["get", "/api/v1/notifications/unread-count"],
  ["post", "/api/v1/notifications/{id}/read"],
  ["post", "/api/v1/notifications/read-all"],
  ["get", "/api/v1/notifications/deliveries"],
  ["get", "/api/v1/auth/me/notification-preferences"],
  ["put", "/api/v1/auth/me/notification-preferences"],
  ["get", "/api/v1/teams/{id}/webhooks"],
  ["post", "/api/v1/teams/{id}/webhooks"],
  ["get", "/api/v1/teams/{id}/webhooks/{webhookId}"],
  ["patch", "/api/v1/teams/{id}/webhooks/{webhookId}"],
  ["delete", "/api/v1/teams/{id}/webhooks/{webhookId}"],
  ["post", "/api/v1/teams/{id}/webhooks/{webhookId}/test"],
  ["get", "/api/v1/teams/{id}/webhooks/{webhookId}/deliveries"],
  ["post", "/api/v1/teams/{id}/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver"],
] as const;

it("documents every notification and webhook operation with bearer security and its error answers", async () => {
  const doc = await expectDocumented(OPERATIONS);
  expect(doc.paths["/api/v1/notifications"].get.responses["304"]).toBeDefined();
  expect(Object.keys(doc.components.schemas.Delivery.properties)).toEqual(
    expect.arrayContaining(["id", "channel", "event", "status", "attempts", "lastError", "lastStatus", "nextAttemptAt", "sentAt"]),
  );
  expect(JSON.stringify(doc.components.schemas.CreatedWebhook)).toContain("\"secret\"");
  expect(doc.components.schemas.Webhook.properties.secret).toBeUndefined();
  expect(doc.paths["/api/v1/teams/{id}/webhooks"].post.description).toContain("webhook-signature");
});
