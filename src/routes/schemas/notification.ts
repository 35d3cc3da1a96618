import { z } from "@hono/zod-openapi";
import { DELIVERY_CHANNELS, DELIVERY_STATUSES, NOTIFICATION_EVENTS } from "../../domain/notification-events";
import { IdParam } from "../../http/openapi";
import { listQuery } from "../../http/pagination";

const Flag = z
  .enum(["true", "false"])
  .transform((value) => value === "true")
  .optional();

export const NotificationListQuery = listQuery(["createdAt"] as const, "-createdAt").extend({
  unread: Flag.openapi({ type: "string", enum: ["true", "false"], description: "`true`: unread notifications only." }),
});

export const DeliveryListQuery = listQuery(["createdAt"] as const, "-createdAt").extend({
  status: z.enum(DELIVERY_STATUSES).optional(),
  channel: z.enum(DELIVERY_CHANNELS).optional(),
});

export const NotificationParams = z.object({ id: IdParam });

const Choice = z.object({ inApp: z.boolean(), email: z.boolean() });

export const PreferencesSchema = z
  .object({ events: z.object(Object.fromEntries(NOTIFICATION_EVENTS.map((event) => [event, Choice]))) })
  .openapi("NotificationPreferences", { description: "Every event of contract §6 with its channels." });

const ChoiceChange = z.strictObject({ inApp: z.boolean().optional(), email: z.boolean().optional() });

/** Only the events named change; an unknown event or channel is refused by name (strict objects). */
export const PreferencesChangeBody = z
  .strictObject({ events: z.strictObject(Object.fromEntries(NOTIFICATION_EVENTS.map((event) => [event, ChoiceChange.optional()]))) })
  .openapi("NotificationPreferencesChange", {
    description: "Merged into the current preferences. `inApp: false` is refused for `sla.breached` and `ticket.escalated`.",
    example: { events: { "sla.warning": { email: false } } },
  });
