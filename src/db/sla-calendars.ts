import { and, eq } from "drizzle-orm";
import type { PageRequest } from "../http/pagination";
import type { Database } from "./client";
import { afterCursor, keysetOrder } from "./keyset";
import { slaCalendars } from "./schema";

export type CalendarRow = typeof slaCalendars.$inferSelect;
export type NewCalendar = typeof slaCalendars.$inferInsert;
export type CalendarSortField = "name" | "createdAt";

const SORT_COLUMNS = { name: slaCalendars.name, createdAt: slaCalendars.createdAt } as const;

/** A calendar of `orgId`, or undefined: another organization's id reads as missing. */
export function findCalendarInOrg(db: Database, orgId: string, id: string) {
  return db.query.slaCalendars.findFirst({ where: and(eq(slaCalendars.orgId, orgId), eq(slaCalendars.id, id)) });
}

export function insertCalendar(db: Database, values: NewCalendar) {
  return db.insert(slaCalendars).values(values).returning();
}

/** Replaces the fields of one calendar of `orgId`; returns nothing when there is no such calendar. */
export function updateCalendar(db: Database, orgId: string, id: string, values: Pick<NewCalendar, "name" | "timezone" | "hours" | "holidays" | "updatedAt">) {
  return db.update(slaCalendars).set(values).where(and(eq(slaCalendars.orgId, orgId), eq(slaCalendars.id, id))).returning();
}

/**
 * Deletes one calendar of `orgId`; returns the deleted id, if any. A policy still pointing at it
 * makes SQLite refuse (foreign key), which closes the race a pre-check would leave open.
 */
export function deleteCalendar(db: Database, orgId: string, id: string) {
  return db.delete(slaCalendars).where(and(eq(slaCalendars.orgId, orgId), eq(slaCalendars.id, id))).returning({ id: slaCalendars.id });
}

/** One keyset page (`limit + 1` rows) of an organization's calendars. */
export function listCalendars(db: Database, orgId: string, page: PageRequest<CalendarSortField>) {
  const column = SORT_COLUMNS[page.field];
  return db
    .select()
    .from(slaCalendars)
    .where(and(eq(slaCalendars.orgId, orgId), afterCursor(column, slaCalendars.id, page.descending, page.cursor)))
    .orderBy(...keysetOrder(column, slaCalendars.id, page.descending))
    .limit(page.limit + 1);
}

/** The value a calendar row sorts by, as a cursor stores it (instants as ms). */
export function calendarSortValue(row: CalendarRow, field: CalendarSortField): string | number {
  return field === "createdAt" ? row.createdAt.getTime() : row.name;
}
