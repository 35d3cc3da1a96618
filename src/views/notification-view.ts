import { z } from "@hono/zod-openapi";
import type { notifications } from "../db/schema";

type NotificationRow = typeof notifications.$inferSelect;

/** An in-app notification (contract §6); `type` is the event's name. */
export const NotificationSchema = z
  .object({
    id: z.string(),
    type: z.string().openapi({ example: "sla.breached" }),
    ticketId: z.string().nullable(),
    ticketKey: z.string().nullable().openapi({ example: "OPS-12" }),
    metric: z.string().nullable().optional(),
    band: z.string().nullable().optional(),
    message: z.string(),
    read: z.boolean(),
    createdAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Notification");

export function toNotificationView(row: NotificationRow): z.infer<typeof NotificationSchema> {
  return {
    id: row.id,
    type: row.type,
    ticketId: row.ticketId,
    ticketKey: row.ticketKey,
    ...(row.metric !== null && { metric: row.metric }),
    ...(row.band !== null && { band: row.band }),
    message: row.message,
    read: row.read,
    createdAt: row.createdAt.toISOString(),
  };
}
