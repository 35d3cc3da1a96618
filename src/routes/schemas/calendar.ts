import { z } from "@hono/zod-openapi";
import type { CalendarRow } from "../../db/sla-calendars";
import { holidayIssues, hoursIssues, normalizeHolidays, normalizeHours, type RuleIssue } from "../../domain/calendar-rules";
import { IdParam } from "../../http/openapi";
import { listQuery } from "../../http/pagination";
import { TimeZoneSchema } from "./time-zone";
import { NameSchema } from "./user";

export const CALENDAR_SORT_FIELDS = ["name", "createdAt"] as const;
export const CalendarListQuery = listQuery(CALENDAR_SORT_FIELDS, "name");
export const CalendarParams = z.object({ id: IdParam });

/** Reports the calendar rules' issues through zod, so they join the same 400 as type errors. */
const reporting =
  <T>(rules: (value: T) => RuleIssue[]) =>
  (value: T, ctx: z.RefinementCtx) => {
    for (const issue of rules(value)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  };

const Time = z.string().openapi({ description: "Local wall time `HH:MM`, `00:00`–`24:00`.", example: "09:00" });
const Day = z.array(z.tuple([Time, Time])).max(24).optional();
const HoursInput = z
  .strictObject({ mon: Day, tue: Day, wed: Day, thu: Day, fri: Day, sat: Day, sun: Day })
  .superRefine(reporting(hoursIssues))
  .transform(normalizeHours)
  .openapi({
    description:
      "Open hours per weekday, `mon`…`sun`, each a list of local `[start, end]` intervals in order and not overlapping. " +
      "A missing or empty day is closed; at least one day must be open.",
    example: { mon: [["09:00", "13:00"], ["14:00", "18:00"]], tue: [["09:00", "18:00"]] },
  });

const Holidays = z
  .array(z.string())
  .max(1000)
  .superRefine(reporting(holidayIssues))
  .transform(normalizeHolidays)
  .openapi({ description: "Local dates `YYYY-MM-DD` on which nothing counts; stored once each, in order.", example: ["2026-12-25"] });

export const CalendarBody = z
  .strictObject({ name: NameSchema, timezone: TimeZoneSchema, hours: HoursInput, holidays: Holidays.default([]) })
  .openapi("CalendarRequest", { description: "A whole calendar; a PUT replaces every field (absent `holidays`: none)." });

const Interval = z.tuple([z.string(), z.string()]);
const WeekSchema = z.object({
  mon: z.array(Interval),
  tue: z.array(Interval),
  wed: z.array(Interval),
  thu: z.array(Interval),
  fri: z.array(Interval),
  sat: z.array(Interval),
  sun: z.array(Interval),
});

export const CalendarSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    timezone: z.string().openapi({ example: "Europe/Berlin" }),
    hours: WeekSchema.openapi({ description: "Every day, Monday first; a closed day is `[]`." }),
    holidays: z.array(z.string()),
    createdAt: z.string().openapi({ example: "2026-11-20T09:00:00.000Z" }),
    updatedAt: z.string(),
  })
  .openapi("Calendar");

/** The public face of a calendar row: every day present, even one stored before hours were normalized. */
export function toCalendarView(row: CalendarRow): z.infer<typeof CalendarSchema> {
  return {
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    hours: normalizeHours(row.hours),
    holidays: row.holidays,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
