import fc from "fast-check";
import type { BusinessCalendar } from "../../src/domain/business-calendar";

/** Random weekly calendars in zones with DST changes, half-hour offsets and none, hours in quarter hours. */
export const calendarArbitrary = fc
  .record({
    timezone: fc.constantFrom("Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC", "Pacific/Chatham", "America/Sao_Paulo"),
    days: fc.uniqueArray(fc.constantFrom("sun", "mon", "tue", "wed", "thu", "fri", "sat"), { minLength: 1, maxLength: 7 }),
    cuts: fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { minLength: 2, maxLength: 6 }),
  })
  .map(({ timezone, days, cuts }) => {
    const sorted = [...cuts].sort((a, b) => a - b);
    const hhmm = (quarter: number) => `${String(Math.floor(quarter / 4)).padStart(2, "0")}:${String((quarter % 4) * 15).padStart(2, "0")}`;
    const intervals: [string, string][] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) intervals.push([hhmm(sorted[i]!), hhmm(sorted[i + 1]!)]);
    return { timezone, hours: Object.fromEntries(days.map((day) => [day, intervals])), holidays: [] } as BusinessCalendar;
  });

