import { createRoute } from "@hono/zod-openapi";
import type { NotificationEvent } from "../domain/notification-events";
import type { ChannelChoice } from "../domain/notification-preferences";
import { readerOf } from "../http/action-context";
import { authenticate } from "../http/auth";
import { bearerSecurity, errorResponses, jsonAnswer, jsonBody } from "../http/openapi";
import { createRouter } from "../http/router";
import { changePreferences, preferencesOfCaller } from "../services/notification-service";
import { PreferencesChangeBody, PreferencesSchema } from "./schemas/notification";

const common = { tags: ["Notifications"], security: bearerSecurity, middleware: [authenticate] };

const read = createRoute({
  ...common,
  method: "get",
  operationId: "getNotificationPreferences",
  path: "/me/notification-preferences",
  summary: "Your channels per event",
  description: "Every event of contract §6; by default in-app and email for all of them.",
  responses: { 200: jsonAnswer(PreferencesSchema, "Your preferences."), ...errorResponses(401) },
});

const change = createRoute({
  ...common,
  method: "put",
  operationId: "updateNotificationPreferences",
  path: "/me/notification-preferences",
  summary: "Change your channels for the events named",
  description: "Merges: events left out keep their channels. An unknown event or channel is a 400 naming it.",
  request: { body: jsonBody(PreferencesChangeBody) },
  responses: { 200: jsonAnswer(PreferencesSchema, "Your preferences after the change."), ...errorResponses(400, 401) },
});

export const notificationPreferenceRoutes = createRouter()
  .openapi(read, async (c) => c.json({ events: await preferencesOfCaller(readerOf(c)) }, 200))
  .openapi(change, async (c) => {
    const events = c.req.valid("json").events as Partial<Record<NotificationEvent, Partial<ChannelChoice>>>;
    return c.json({ events: await changePreferences(readerOf(c), events, c.get("now")) }, 200);
  });
