import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CALENDAR_DAYS, checkCalendar, hoursIssues, isLocalDate, minuteOfDay, type HoursInput } from "../../src/domain/calendar-rules";

const nineToFive = { mon: [["09:00", "17:00"]] as [string, string][] };
const valid = { timezone: "Europe/Berlin", hours: nineToFive, holidays: [] };
const pathsOf = (hours: HoursInput) => hoursIssues(hours).map((issue) => issue.path.join("."));

describe("wall times", () => {
  it("reads HH:MM from 00:00 to 24:00", () => {
    expect(["00:00", "09:30", "23:59", "24:00"].map(minuteOfDay)).toEqual([0, 570, 1439, 1440]);
  });
  it("refuses anything else", () => {
    for (const time of ["24:01", "25:00", "9:00", "09:0", "09:60", "0900", "09:00:00", " 09:00", "", "ab:cd"]) expect(minuteOfDay(time), time).toBeUndefined();
  });
});

describe("weekly hours", () => {
  it("accepts ordered intervals, touching ones, and a day to midnight", () => {
    expect(pathsOf({ mon: [["09:00", "12:00"], ["12:00", "17:00"]], sat: [["00:00", "24:00"]] })).toEqual([]);
  });
  it("names a bad time by its end of the interval", () => {
    expect(pathsOf({ mon: [["09:00", "12:00"], ["13:00", "25:00"]], tue: [["9", "x"]] })).toEqual(["mon.1.1", "tue.0.0", "tue.0.1"]);
  });
  it("names an empty or reversed interval", () => {
    expect(pathsOf({ mon: [["09:00", "09:00"]], fri: [["17:00", "09:00"]], sun: [["24:00", "24:00"]] })).toEqual(["mon.0", "fri.0", "sun.0"]);
  });
  it("names overlapping and unordered intervals", () => {
    expect(pathsOf({ mon: [["09:00", "13:00"], ["12:00", "18:00"]] })).toEqual(["mon.1"]);
    expect(pathsOf({ wed: [["14:00", "18:00"], ["09:00", "12:00"]] })).toEqual(["wed.1"]);
  });
  it("refuses a week with no open minute, naming hours itself", () => {
    expect(hoursIssues({})).toEqual([{ path: [], message: expect.any(String) }]);
    expect(hoursIssues({ mon: [], tue: [] })).toEqual([{ path: [], message: expect.any(String) }]);
  });
});

describe("holidays", () => {
  it("accepts real dates only", () => {
    for (const date of ["2026-12-25", "2028-02-29", "1970-01-01"]) expect(isLocalDate(date), date).toBe(true);
    for (const date of ["2026-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-1-5", "26-12-25", "1969-12-31", "2026-12-25T00:00"]) {
      expect(isLocalDate(date), date).toBe(false);
    }
  });
});

describe("checkCalendar", () => {
  it("gives the stored form: every day, holidays once each and sorted, the zone's own spelling", () => {
    const result = checkCalendar({ ...valid, timezone: "europe/berlin", holidays: ["2026-12-26", "2026-12-25", "2026-12-26"] });
    expect(result).toEqual({
      ok: true,
      calendar: {
        timezone: "Europe/Berlin",
        hours: { mon: [["09:00", "17:00"]], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
        holidays: ["2026-12-25", "2026-12-26"],
      },
    });
  });

  it("refuses unknown zones and UTC offsets, naming timezone", () => {
    for (const timezone of ["Mars/Olympus", "+01:00", "UTC+1", "", "Europe/Berlin/"]) {
      const result = checkCalendar({ ...valid, timezone });
      expect(result.ok ? [] : result.issues.map((issue) => issue.path.join(".")), timezone).toEqual(["timezone"]);
    }
    expect(checkCalendar({ ...valid, timezone: "America/Argentina/Buenos_Aires" }).ok).toBe(true);
    expect(checkCalendar({ ...valid, timezone: "Etc/GMT+5" }).ok).toBe(true);
  });

  it("names every bad field at once", () => {
    const result = checkCalendar({ timezone: "Nowhere/Land", hours: { mon: [["09:00", "08:00"]] }, holidays: ["2026-12-25", "xmas"] });
    expect(result.ok ? [] : result.issues.map((issue) => issue.path.join("."))).toEqual(["timezone", "hours.mon.0", "holidays.1"]);
  });
});

/** Times that are mostly valid, with a few that are not, so both sides of the rules get exercised. */
const time = fc.oneof(
  { weight: 9, arbitrary: fc.integer({ min: 0, max: 96 }).map((quarter) => `${String(Math.floor(quarter / 4)).padStart(2, "0")}:${String((quarter % 4) * 15).padStart(2, "0")}`) },
  { weight: 1, arbitrary: fc.constantFrom("24:15", "7:00", "12:60", "noon") },
);
const hours = fc.dictionary(fc.constantFrom(...CALENDAR_DAYS), fc.array(fc.tuple(time, time), { maxLength: 5 })) as fc.Arbitrary<HoursInput>;

describe("property: what checkCalendar accepts", () => {
  it("has, every day, well-formed intervals in order that never overlap, and some open time", () => {
    fc.assert(
      fc.property(hours, (input) => {
        const result = checkCalendar({ timezone: "Europe/Berlin", hours: input, holidays: [] });
        if (!result.ok) return;
        let open = 0;
        for (const day of CALENDAR_DAYS) {
          let previousEnd = 0;
          for (const [from, to] of result.calendar.hours[day]) {
            const [start, end] = [minuteOfDay(from), minuteOfDay(to)];
            expect(start).toBeDefined();
            expect(end).toBeDefined();
            expect(start!).toBeLessThan(end!);
            expect(start!).toBeGreaterThanOrEqual(previousEnd);
            previousEnd = end!;
            open += end! - start!;
          }
        }
        expect(open).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it("refuses any input whose intervals, sorted as given, overlap somewhere", () => {
    fc.assert(
      fc.property(hours, (input) => {
        const overlapping = CALENDAR_DAYS.some((day) =>
          (input[day] ?? []).some(([from], index) => index > 0 && (minuteOfDay(from) ?? 0) < (minuteOfDay(input[day]![index - 1]![1]) ?? 0)),
        );
        if (overlapping) expect(checkCalendar({ timezone: "UTC", hours: input, holidays: [] }).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
