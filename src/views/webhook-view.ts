import { z } from "@hono/zod-openapi";
import type { WebhookRow } from "../db/webhooks";

/** A team's webhook (contract §6). The secret is never part of it: only the create answer carries it, once. */
export const WebhookSchema = z
  .object({
    id: z.string(),
    teamId: z.string(),
    url: z.string().openapi({ example: "https://hooks.example.com/slaguard" }),
    events: z.array(z.string()).openapi({ example: ["sla.breached", "ticket.escalated"] }),
    enabled: z.boolean(),
    disabledAt: z.string().nullable().openapi({ format: "date-time" }),
    disabledReason: z.string().nullable(),
    createdAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Webhook");

export const CreatedWebhookSchema = WebhookSchema.extend({
  secret: z.string().openapi({ description: "`whsec_…`: shown in this answer only, never again. Verify signatures with it.", example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }),
}).openapi("CreatedWebhook");

export function toWebhookView(row: WebhookRow): z.infer<typeof WebhookSchema> {
  return {
    id: row.id,
    teamId: row.teamId,
    url: row.url,
    events: row.events,
    enabled: row.enabled,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    disabledReason: row.disabledReason,
    createdAt: row.createdAt.toISOString(),
  };
}
