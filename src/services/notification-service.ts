import type { Database } from "../db/client";
import { listDeliveries, type DeliveryFilter } from "../db/deliveries";
import { putPreferences, storedPreferencesOf } from "../db/notification-preferences";
import { listNotifications, markAllNotificationsRead, markNotificationRead, unreadCountOf } from "../db/notifications";
import type { NotificationEvent } from "../domain/notification-events";
import { mergePreferences, preferencesOf, type ChannelChoice, type Preferences } from "../domain/notification-preferences";
import type { Caller } from "../env";
import { ApiError } from "../http/errors";
import { byCreatedAt, toPage, type PageRequest } from "../http/pagination";

type Reader = { db: Database; caller: Caller };

export async function notificationsPage(ctx: Reader, unreadOnly: boolean, page: PageRequest<"createdAt">) {
  return toPage(await listNotifications(ctx.db, ctx.caller.id, unreadOnly, page), page.limit, byCreatedAt);
}

export const unreadCount = (ctx: Reader) => unreadCountOf(ctx.db, ctx.caller.id);

export async function readNotification(ctx: Reader, id: string) {
  const [row] = await markNotificationRead(ctx.db, ctx.caller.id, id);
  if (!row) throw ApiError.notFound("notification");
  return row;
}

export const readAllNotifications = (ctx: Reader) => markAllNotificationsRead(ctx.db, ctx.caller.id);

export async function preferencesOfCaller(ctx: Reader): Promise<Preferences> {
  return preferencesOf(await storedPreferencesOf(ctx.db, ctx.caller.id));
}

/** Merges the events a request names into the caller's preferences; a mandatory in-app copy cannot be turned off. */
export async function changePreferences(ctx: Reader, change: Partial<Record<NotificationEvent, Partial<ChannelChoice>>>, now: Date): Promise<Preferences> {
  const merged = mergePreferences(await preferencesOfCaller(ctx), change);
  if (!merged.ok) {
    throw ApiError.validation(merged.mandatory.map((event) => ({ path: `events.${event}.inApp`, message: `The in-app copy of ${event} cannot be turned off.` })));
  }
  if (merged.changed.length > 0) await putPreferences(ctx.db, ctx.caller.id, merged.changed.map((event) => ({ event, ...merged.preferences[event] })), now);
  return merged.preferences;
}

/** The organization's delivery records (admins). */
export async function deliveriesPage(ctx: Reader, filter: Omit<DeliveryFilter, "orgId">, page: PageRequest<"createdAt">) {
  return toPage(await listDeliveries(ctx.db, { ...filter, orgId: ctx.caller.orgId }, page), page.limit, byCreatedAt);
}
