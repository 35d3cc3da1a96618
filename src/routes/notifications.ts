import { createRoute, z } from "@hono/zod-openapi";
import { readerOf } from "../http/action-context";
import { authenticate, requireRole } from "../http/auth";
import { contentTag, ifNoneMatchHits } from "../http/etag";
import { bearerSecurity, errorResponses, jsonAnswer, pageOf } from "../http/openapi";
import { toPageRequest } from "../http/pagination";
import { createRouter } from "../http/router";
import { deliveriesPage, notificationsPage, readAllNotifications, readNotification, unreadCount } from "../services/notification-service";
import { DeliverySchema, toDeliveryView } from "../views/delivery-view";
import { NotificationSchema, toNotificationView } from "../views/notification-view";
import { DeliveryListQuery, NotificationListQuery, NotificationParams } from "./schemas/notification";

const common = { tags: ["Notifications"], security: bearerSecurity, middleware: [authenticate] };

const list = createRoute({
  ...common,
  method: "get",
  operationId: "listNotifications",
  path: "/",
  summary: "Your in-app notifications, newest first",
  description: "The answer carries an `ETag`; `If-None-Match` with it answers 304 while nothing changed.",
  request: { query: NotificationListQuery },
  responses: {
    200: { ...jsonAnswer(pageOf(NotificationSchema), "One page of notifications."), headers: { ETag: { schema: { type: "string" as const } } } },
    304: { description: "Nothing changed since the `ETag` sent in `If-None-Match`." },
    ...errorResponses(400, 401),
  },
});

const count = createRoute({
  ...common,
  method: "get",
  operationId: "getUnreadNotificationCount",
  path: "/unread-count",
  summary: "How many of your notifications are unread",
  responses: { 200: jsonAnswer(z.object({ count: z.number().int() }), "The count."), ...errorResponses(401) },
});

const readOne = createRoute({
  ...common,
  method: "post",
  operationId: "markNotificationRead",
  path: "/{id}/read",
  summary: "Mark one notification read",
  request: { params: NotificationParams },
  responses: { 200: jsonAnswer(NotificationSchema, "The notification, read."), ...errorResponses(401, 404) },
});

const readAll = createRoute({
  ...common,
  method: "post",
  operationId: "markAllNotificationsRead",
  path: "/read-all",
  summary: "Mark all your notifications read",
  responses: { 200: jsonAnswer(z.object({ updated: z.number().int() }), "How many were unread."), ...errorResponses(401) },
});

const deliveries = createRoute({
  ...common,
  method: "get",
  operationId: "listNotificationDeliveries",
  path: "/deliveries",
  summary: "Email and webhook delivery records of the organization (admins)",
  description: "Newest first; `status` is pending, sent or failed. A delivery marked sent is never sent again.",
  middleware: [authenticate, requireRole("admin")],
  request: { query: DeliveryListQuery },
  responses: { 200: jsonAnswer(pageOf(DeliverySchema), "One page of deliveries."), ...errorResponses(400, 401, 403) },
});

export const notificationRoutes = createRouter()
  .openapi(deliveries, async (c) => {
    const { status, channel, ...query } = c.req.valid("query");
    const page = await deliveriesPage(readerOf(c), { status, channel }, toPageRequest(query));
    return c.json({ items: page.items.map(toDeliveryView), nextCursor: page.nextCursor }, 200);
  })
  .openapi(count, async (c) => c.json({ count: await unreadCount(readerOf(c)) }, 200))
  .openapi(readAll, async (c) => c.json({ updated: await readAllNotifications(readerOf(c)) }, 200))
  .openapi(readOne, async (c) => c.json(toNotificationView(await readNotification(readerOf(c), c.req.valid("param").id)), 200))
  .openapi(list, async (c) => {
    const { unread, ...query } = c.req.valid("query");
    const page = await notificationsPage(readerOf(c), unread === true, toPageRequest(query));
    const body = { items: page.items.map(toNotificationView), nextCursor: page.nextCursor };
    // The page's own content is its tag: any new, read or removed notification changes it.
    const etag = await contentTag(body);
    if (ifNoneMatchHits(c.req.header("If-None-Match"), etag)) return c.body(null, 304, { ETag: etag });
    return c.json(body, 200, { ETag: etag });
  });
