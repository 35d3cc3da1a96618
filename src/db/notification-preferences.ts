import { eq, sql } from "drizzle-orm";
import type { ChannelChoice } from "../domain/notification-preferences";
import type { Database } from "./client";
import { notificationPreferences } from "./schema";

export function storedPreferencesOf(db: Database, userId: string) {
  return db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
}

/** Stores the choices of the events given, in one statement (nine events at most: 45 parameters). */
export function putPreferences(db: Database, userId: string, choices: readonly ({ event: string } & ChannelChoice)[], now: Date) {
  return db
    .insert(notificationPreferences)
    .values(choices.map((choice) => ({ userId, event: choice.event, inApp: choice.inApp, email: choice.email, updatedAt: now })))
    .onConflictDoUpdate({
      target: [notificationPreferences.userId, notificationPreferences.event],
      set: { inApp: sql`excluded.in_app`, email: sql`excluded.email`, updatedAt: sql`excluded.updated_at` },
    });
}
