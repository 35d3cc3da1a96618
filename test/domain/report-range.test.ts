import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lastDays, MAX_DAYS, parseIsoDate, reportRange, weekOf } from "../../src/domain/report-range";
import { isoDate, localDateOf } from "../../src/domain/time-zone";
import { offsetSegments } from "../../src/domain/zone-offsets";

const at = (iso: string) => Date.parse(iso);

describe("report dates", () => {
  it("reads only real calendar dates", () => {
    expect(parseIsoDate("2024-02-29")).toEqual({ year: 2024, month: 2, day: 29 });
    for (const text of ["2025-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-1-1", "20261101", "2026-11-01T00:00", ""]) expect(parseIsoDate(text), text).toBeUndefined();
  });

  it("defaults to the last 30 days up to today in the organization's zone", () => {
    // 23:30Z on 11-30 is already 12-01 in Berlin.
    const range = reportRange("Europe/Berlin", at("2026-11-30T23:30:00Z"));
    expect(range).toMatchObject({ from: "2026-11-02", to: "2026-12-01", start: at("2026-11-01T23:00:00Z"), end: at("2026-12-01T23:00:00Z") });
    expect("days" in range && range.days.length).toBe(30);
  });

  it("spans local midnights, a 25-hour day included", () => {
    const range = reportRange("Europe/Berlin", 0, parseIsoDate("2026-10-25"), parseIsoDate("2026-10-25"));
    expect(range).toMatchObject({ start: at("2026-10-24T22:00:00Z"), end: at("2026-10-25T23:00:00Z"), days: ["2026-10-25"] });
  });

  it("names the field to fix", () => {
    expect(reportRange("UTC", 0, parseIsoDate("2026-10-02"), parseIsoDate("2026-10-01"))).toEqual({ path: "from", message: expect.any(String) });
    const tooLong = reportRange("UTC", 0, parseIsoDate("2020-01-01"), parseIsoDate("2026-01-01"));
    expect(tooLong).toEqual({ path: "from", message: expect.stringContaining(String(MAX_DAYS)) });
  });

  it("starts weeks on Monday", () => {
    expect(weekOf("2026-10-26")).toBe("2026-10-26");
    expect(weekOf("2026-10-25")).toBe("2026-10-19");
    expect(weekOf("2026-11-01")).toBe("2026-10-26");
    expect(weekOf("2027-01-01")).toBe("2026-12-28");
  });

  it("gives today alone for one day", () => {
    expect(lastDays("UTC", at("2026-10-28T12:00:00Z"), 1)).toMatchObject({ from: "2026-10-28", to: "2026-10-28", days: ["2026-10-28"] });
  });
});

describe("zone offsets for SQL", () => {
  it("splits at the DST changes, to the second", () => {
    expect(offsetSegments("Europe/Berlin", at("2026-10-20T00:00:00Z"), at("2026-10-30T00:00:00Z"))).toEqual([
      { from: at("2026-10-20T00:00:00Z"), offsetMs: 2 * 3_600_000 },
      { from: at("2026-10-25T01:00:00Z"), offsetMs: 3_600_000 },
    ]);
    expect(offsetSegments("UTC", 0, at("2027-01-01T00:00:00Z"))).toHaveLength(1);
  });

  it("gives every instant its local date, whatever the zone", () => {
    const zones = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/St_Johns", "Asia/Kolkata", "Pacific/Chatham"];
    const start = at("2026-01-01T00:00:00Z");
    const end = at("2027-01-01T00:00:00Z");
    const segmentsOf = new Map(zones.map((zone) => [zone, offsetSegments(zone, start, end)]));
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: start, max: end - 1 }), (zone, instant) => {
        // As SQL reads it: the offset of the last segment that started at or before the instant.
        const segment = segmentsOf.get(zone)!.findLast((s) => s.from <= instant)!;
        const local = new Date(instant + segment.offsetMs).toISOString().slice(0, 10);
        expect(local).toBe(isoDate(localDateOf(zone, instant)));
      }),
      { numRuns: 2000 },
    );
  });
});
