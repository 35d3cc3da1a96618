import type { Database } from "../db/client";
import { isForeignKeyViolation } from "../db/constraint";
import {
  calendarSortValue,
  deleteCalendar,
  findCalendarInOrg,
  insertCalendar,
  listCalendars,
  updateCalendar,
  type CalendarRow,
  type CalendarSortField,
} from "../db/sla-calendars";
import { policyIdsUsingCalendar } from "../db/sla-policies";
import type { ValidCalendar } from "../domain/calendar-rules";
import { ApiError } from "../http/errors";
import { toPage, type PageRequest } from "../http/pagination";
import type { WakeRooms } from "../live/publish";
import { retimeTicketsOfCalendar } from "./sla-retime";

/** A calendar as the routes hand it over: already checked and normalized by the calendar rules. */
export type CalendarInput = ValidCalendar & { name: string };

async function calendarOf(db: Database, orgId: string, id: string): Promise<CalendarRow> {
  const calendar = await findCalendarInOrg(db, orgId, id);
  if (!calendar) throw ApiError.notFound("calendar");
  return calendar;
}

export async function listOrgCalendars(db: Database, orgId: string, page: PageRequest<CalendarSortField>) {
  const rows = await listCalendars(db, orgId, page);
  return toPage(rows, page.limit, (row) => ({ value: calendarSortValue(row, page.field), id: row.id }));
}

export function getOrgCalendar(db: Database, orgId: string, id: string): Promise<CalendarRow> {
  return calendarOf(db, orgId, id);
}

export async function createOrgCalendar(db: Database, orgId: string, input: CalendarInput, now: Date): Promise<CalendarRow> {
  const [calendar] = await insertCalendar(db, { id: crypto.randomUUID(), orgId, ...input, createdAt: now, updatedAt: now });
  return calendar!;
}

/** Replaces a calendar's name, zone, hours and holidays, then re-times the running tickets that count on it. */
export async function replaceOrgCalendar(db: Database, orgId: string, id: string, input: CalendarInput, now: Date, wake?: WakeRooms): Promise<CalendarRow> {
  const [calendar] = await updateCalendar(db, orgId, id, { ...input, updatedAt: now });
  if (!calendar) throw ApiError.notFound("calendar");
  await retimeTicketsOfCalendar(db, orgId, id, now, wake);
  return calendar;
}

/**
 * Deletes a calendar no policy uses; one still in use is kept (409, naming the policies). Clocks
 * that still name it (left from before their policy moved off it) are re-timed onto their policy.
 */
export async function deleteOrgCalendar(db: Database, orgId: string, id: string, now: Date, wake?: WakeRooms): Promise<void> {
  try {
    const [deleted] = await deleteCalendar(db, orgId, id);
    if (!deleted) throw ApiError.notFound("calendar");
  } catch (err) {
    if (!isForeignKeyViolation(err)) throw err;
    const policyIds = await policyIdsUsingCalendar(db, orgId, id);
    throw ApiError.conflict("E_CALENDAR_IN_USE", "Policies still count time on this calendar; move them to another calendar first.", { policyIds });
  }
  await retimeTicketsOfCalendar(db, orgId, id, now, wake);
}
