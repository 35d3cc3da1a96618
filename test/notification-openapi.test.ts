import { expect, it } from "vitest";
import { api } from "./helpers";

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
  const res = await api("GET", "/openapi.json");
  expect(res.status).toBe(200);
  for (const [method, path] of OPERATIONS) {
    const operation = res.json.paths[path]?.[method];
    expect(operation, `${method} ${path}`).toMatchObject({ summary: expect.any(String), security: [{ bearerAuth: [] }] });
    expect(operation.responses["401"], `${method} ${path} 401`).toBeDefined();
  }
  expect(res.json.paths["/api/v1/notifications"].get.responses["304"]).toBeDefined();
  expect(Object.keys(res.json.components.schemas.Delivery.properties)).toEqual(
    expect.arrayContaining(["id", "channel", "event", "status", "attempts", "lastError", "lastStatus", "nextAttemptAt", "sentAt"]),
  );
  expect(JSON.stringify(res.json.components.schemas.CreatedWebhook)).toContain("\"secret\"");
  expect(res.json.components.schemas.Webhook.properties.secret).toBeUndefined();
  expect(res.json.paths["/api/v1/teams/{id}/webhooks"].post.description).toContain("webhook-signature");
});
