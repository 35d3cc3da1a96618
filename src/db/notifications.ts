import { and, count, eq } from "drizzle-orm";
import type { PageRequest } from "../http/pagination";
import type { Database } from "./client";
import { afterCursor, keysetOrder } from "./keyset";
import { notifications } from "./schema";

export type NotificationRow = typeof notifications.$inferSelect;

/** One keyset page (`limit + 1` rows) of a person's notifications, newest first; `unreadOnly` leaves out the read ones. */
export function listNotifications(db: Database, userId: string, unreadOnly: boolean, page: PageRequest<"createdAt">) {
  return db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        unreadOnly ? eq(notifications.read, false) : undefined,
        afterCursor(notifications.createdAt, notifications.id, page.descending, page.cursor),
      ),
    )
    .orderBy(...keysetOrder(notifications.createdAt, notifications.id, page.descending))
    .limit(page.limit + 1);
}

export async function unreadCountOf(db: Database, userId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.read, false)));
  return row?.n ?? 0;
}

/** Marks one of the person's notifications read; answers it, or nothing when it is not theirs. */
export function markNotificationRead(db: Database, userId: string, id: string) {
  return db
    .update(notifications)
    .set({ read: true })
    .where(and(eq(notifications.userId, userId), eq(notifications.id, id)))
    .returning();
}

/** Marks every unread notification of the person read; answers how many there were. */
export async function markAllNotificationsRead(db: Database, userId: string): Promise<number> {
  const result = await db.update(notifications).set({ read: true }).where(and(eq(notifications.userId, userId), eq(notifications.read, false))).run();
  return result.meta.changes;
}
