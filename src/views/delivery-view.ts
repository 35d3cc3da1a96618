import { z } from "@hono/zod-openapi";
import type { DeliveryRow } from "../db/deliveries";
import { DELIVERY_CHANNELS, DELIVERY_STATUSES } from "../domain/notification-events";

const Instant = z.string().openapi({ format: "date-time" });

/** The record of one email or webhook delivery (contract §6). For a webhook, `id` is its `webhook-id`. */
export const DeliverySchema = z
  .object({
    id: z.string(),
    channel: z.enum(DELIVERY_CHANNELS),
    event: z.string().openapi({ example: "sla.breached" }),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    lastStatus: z.number().int().nullable().openapi({ description: "The webhook's last HTTP status (null for email or when none came back)." }),
    nextAttemptAt: Instant.nullable(),
    sentAt: Instant.nullable(),
    createdAt: Instant,
    userId: z.string().nullable().openapi({ description: "The recipient, for email." }),
    webhookId: z.string().nullable(),
    ticketId: z.string().nullable(),
  })
  .openapi("Delivery");

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function toDeliveryView(row: DeliveryRow): z.infer<typeof DeliverySchema> {
  return {
    id: row.id,
    channel: row.channel,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    lastStatus: row.lastStatus,
    nextAttemptAt: iso(row.nextAttemptAt),
    sentAt: iso(row.sentAt),
    createdAt: row.createdAt.toISOString(),
    userId: row.userId,
    webhookId: row.webhookId,
    ticketId: row.ticketId,
  };
}
