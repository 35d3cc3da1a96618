import { z } from "@hono/zod-openapi";
import type { CalendarRow } from "../../db/sla-calendars";
import { DATE, holidayIssues, hoursIssues, normalizeHolidays, normalizeHours, TIME, type RuleIssue } from "../../domain/calendar-rules";
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

// Times and dates are checked by the calendar rules (hoursIssues, holidayIssues), which name the
// bad entry; the schemas only document the shapes those rules accept.
const Time = z
  .string()
  .openapi("LocalTime", { maxLength: 5, pattern: TIME.source, description: "Local wall time `HH:MM`, `00:00`–`24:00`.", example: "09:00" });
const LocalDate = z.string().openapi({ maxLength: 10, pattern: DATE.source, description: "A local date `YYYY-MM-DD`." });

/**
 * `[start, end]`. A tuple is documented by `prefixItems` alone; the length and `items` say the same
 * for tools that read only those (Spectral's `array-items` wants `items` on every array).
 */
const Interval = z.tuple([Time, Time]).openapi({ minItems: 2, maxItems: 2, items: { $ref: "#/components/schemas/LocalTime" } });
const Day = z.array(Interval).max(24).optional();
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
  .array(LocalDate)
  .max(1000)
  .superRefine(reporting(holidayIssues))
  .transform(normalizeHolidays)
  .openapi({ description: "Local dates `YYYY-MM-DD` on which nothing counts; stored once each, in order.", example: ["2026-12-25"] });

export const CalendarBody = z
  .strictObject({ name: NameSchema, timezone: TimeZoneSchema, hours: HoursInput, holidays: Holidays.default([]) })
  .openapi("CalendarRequest", { description: "A whole calendar; a PUT replaces every field (absent `holidays`: none)." });

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
    holidays: z.array(LocalDate),
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
