import { z } from "@hono/zod-openapi";
import { NOTIFICATION_EVENTS } from "../../domain/notification-events";
import { IdParam } from "../../http/openapi";
import { listQuery } from "../../http/pagination";

export const WebhookListQuery = listQuery(["createdAt"] as const, "createdAt");
export const WebhookDeliveryListQuery = listQuery(["createdAt"] as const, "-createdAt");

export const TeamWebhooksParams = z.object({ id: IdParam.openapi({ description: "The team's id." }) });
export const WebhookParams = TeamWebhooksParams.extend({ webhookId: IdParam });
export const WebhookDeliveryParams = WebhookParams.extend({ deliveryId: IdParam });

const Url = z.string().trim().min(1).max(2048).openapi({
  description: "`https` on a public host name: no IP literal, credentials, `localhost` or private name. Under `npm run dev` and in tests `http://127.0.0.1` and `http://localhost` (any port) too.",
  example: "https://hooks.example.com/slaguard",
});
const Events = z
  .array(z.enum([...NOTIFICATION_EVENTS, "*"]))
  .min(1)
  .max(NOTIFICATION_EVENTS.length + 1)
  .openapi({ description: "Event names of contract §6, or `[\"*\"]` for every event." });

export const CreateWebhookBody = z
  .strictObject({
    url: Url,
    events: Events,
    secret: z.string().max(200).optional().openapi({ description: "`whsec_` + base64 of 24–64 bytes; generated when left out." }),
  })
  .openapi("CreateWebhookRequest");

export const UpdateWebhookBody = z
  .strictObject({ url: Url.optional(), events: Events.optional(), enabled: z.boolean().optional().openapi({ description: "`true` enables a disabled webhook again." }) })
  .openapi("UpdateWebhookRequest");
