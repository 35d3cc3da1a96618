import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addBusinessMs, businessMsBetween, type BusinessCalendar } from "../../src/domain/business-calendar";
import { calendarArbitrary } from "./calendar-arbitrary";

const HOUR = 3_600_000;
const MINUTE = 60_000;
const weekdays = (intervals: [string, string][]) => ({ mon: intervals, tue: intervals, wed: intervals, thu: intervals, fri: intervals });
const C1: BusinessCalendar = { timezone: "Europe/Berlin", hours: weekdays([["09:00", "17:00"]]), holidays: [] };
const at = (iso: string) => Date.parse(iso);
const due = (calendar: BusinessCalendar, start: string, hours: number) => new Date(addBusinessMs(calendar, at(start), hours * HOUR)!).toISOString();

describe("the worked examples of sla-examples.md", () => {
  it("E1 skips the weekend", () => expect(due(C1, "2025-01-10T15:00:00Z", 4)).toBe("2025-01-13T11:00:00.000Z"));
  it("E2 starts outside hours at the next opening", () => expect(due(C1, "2025-01-11T09:00:00Z", 4)).toBe("2025-01-13T12:00:00.000Z"));
  it("E3 starts before opening", () => expect(due(C1, "2025-01-13T07:00:00Z", 2)).toBe("2025-01-13T10:00:00.000Z"));
  it("E4 ends exactly at closing", () => expect(due(C1, "2025-01-10T12:00:00Z", 4)).toBe("2025-01-10T16:00:00.000Z"));
  it("E5 skips holidays and the weekend", () => {
    const withHolidays = { ...C1!, holidays: ["2025-12-25", "2025-12-26"] };
    expect(due(withHolidays, "2025-12-24T15:00:00Z", 4)).toBe("2025-12-29T11:00:00.000Z");
  });
  it("E6 follows local wall time over the spring DST change", () => expect(due(C1, "2025-03-28T15:00:00Z", 4)).toBe("2025-03-31T10:00:00.000Z"));
  it("E7a carries over several days", () => expect(due(C1, "2025-01-13T09:00:00Z", 8)).toBe("2025-01-14T09:00:00.000Z"));
  it("E9 uses several intervals a day", () => {
    const split = { ...C1!, hours: weekdays([["09:00", "12:00"], ["13:00", "17:00"]]) };
    expect(new Date(addBusinessMs(split, at("2025-01-13T10:30:00Z"), 60 * MINUTE)!).toISOString()).toBe("2025-01-13T12:30:00.000Z");
  });
  it("E10 counts elapsed business time of the E1 ticket", () => {
    const start = at("2025-01-10T15:00:00Z");
    const elapsed = ["2025-01-13T08:30:00Z", "2025-01-13T09:00:00Z", "2025-01-13T10:00:00Z", "2025-01-13T11:00:00Z"].map((now) => businessMsBetween(C1, start, at(now)) / HOUR);
    expect(elapsed).toEqual([1.5, 2, 3, 4]);
  });
  it("E11 counts business time only", () => {
    const early = { ...C1!, hours: weekdays([["08:00", "17:00"]]) };
    expect(businessMsBetween(early, at("2025-01-10T20:00:00Z"), at("2025-01-13T08:30:00Z"))).toBe(90 * MINUTE);
  });
  it("E12 counts real hours on a 23-hour day when 24x7", () => expect(due(null, "2025-03-29T11:00:00Z", 24)).toBe("2025-03-30T11:00:00.000Z"));
});

describe("DST changes", () => {
  it("keeps 09:00–17:00 local over the autumn change in Berlin", () => {
    // Fri 2025-10-24 16:00 CEST + 4 h → Mon 2025-10-27 12:00 CET = 11:00Z.
    expect(due(C1, "2025-10-24T14:00:00Z", 4)).toBe("2025-10-27T11:00:00.000Z");
  });
  it("keeps local hours over both changes in New York", () => {
    const ny = { timezone: "America/New_York", hours: weekdays([["09:00", "17:00"]]), holidays: [] };
    // Spring: Fri 2025-03-07 16:00 EST + 4 h → Mon 03-10 12:00 EDT = 16:00Z.
    expect(due(ny, "2025-03-07T21:00:00Z", 4)).toBe("2025-03-10T16:00:00.000Z");
    // Autumn: Fri 2025-10-31 16:00 EDT + 4 h → Mon 11-03 12:00 EST = 17:00Z.
    expect(due(ny, "2025-10-31T20:00:00Z", 4)).toBe("2025-11-03T17:00:00.000Z");
  });
  it("counts a 25-hour autumn day in full on a 24x7-style calendar of local hours", () => {
    const allDay = { timezone: "Europe/Berlin", hours: { sun: [["00:00", "24:00"]] as [string, string][] }, holidays: [] };
    expect(businessMsBetween(allDay, at("2025-10-25T00:00:00Z"), at("2025-10-27T00:00:00Z"))).toBe(25 * HOUR);
    const spring = { timezone: "Europe/Berlin", hours: { sun: [["00:00", "24:00"]] as [string, string][] }, holidays: [] };
    expect(businessMsBetween(spring, at("2025-03-29T00:00:00Z"), at("2025-03-31T00:00:00Z"))).toBe(23 * HOUR);
  });
});

const instant = fc.integer({ min: Date.parse("2024-01-01T00:00:00Z"), max: Date.parse("2027-12-31T00:00:00Z") });
const minutes = fc.integer({ min: 1, max: 3 * 24 * 60 });

describe("properties over random calendars, zones, starts and targets", () => {
  it("elapsed(start, dueAt) equals the target", () => {
    fc.assert(
      fc.property(calendarArbitrary, instant, minutes, (calendar, start, target) => {
        const dueAt = addBusinessMs(calendar, start, target * MINUTE)!;
        expect(businessMsBetween(calendar, start, dueAt)).toBe(target * MINUTE);
      }),
      { numRuns: 300 },
    );
  });

  it("dueAt is never strictly outside business hours", () => {
    fc.assert(
      fc.property(calendarArbitrary, instant, minutes, (calendar, start, target) => {
        const dueAt = addBusinessMs(calendar, start, target * MINUTE)!;
        // Inside an interval or at its closing instant: the millisecond before dueAt was business time.
        expect(businessMsBetween(calendar, dueAt - 1, dueAt)).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  it("a pause of p business minutes moves dueAt by exactly p business minutes", () => {
    fc.assert(
      fc.property(calendarArbitrary, instant, minutes, fc.integer({ min: 0, max: 3000 }), (calendar, start, target, pause) => {
        const plain = addBusinessMs(calendar, start, target * MINUTE)!;
        const paused = addBusinessMs(calendar, start, (target + pause) * MINUTE)!;
        expect(businessMsBetween(calendar, plain, paused)).toBe(pause * MINUTE);
      }),
      { numRuns: 300 },
    );
  });
});
