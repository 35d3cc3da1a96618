import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { breachRate, compliance, countsBy, sumCompleted } from "../../src/domain/report-figures";

describe("report figures", () => {
  it("have no ratio of nothing", () => {
    expect(compliance({ met: 0, breached: 0 })).toBeNull();
    expect(breachRate(0, 0)).toBeNull();
    expect(compliance({ met: 2, breached: 1 })).toBe(2 / 3);
    expect(breachRate(5, 8)).toBe(3 / 8);
  });

  it("compliance and breach rate of the same completions add up to 1", () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), (met, breached) => {
        fc.pre(met + breached > 0);
        expect(compliance({ met, breached })! + breachRate(met, met + breached)!).toBeCloseTo(1, 12);
      }),
    );
  });

  it("list every key, counted or not, and add up the completions kept", () => {
    expect(countsBy(["a", "b", "c"], [{ key: "b", n: 2 }, { key: null, n: 9 }])).toEqual({ a: 0, b: 2, c: 0 });
    const rows = [{ day: "mon", met: 1, breached: 2 }, { day: "tue", met: 3, breached: 0 }, { day: "wed", met: 5, breached: 5 }];
    expect(sumCompleted(rows, (row) => row.day !== "wed")).toEqual({ met: 4, breached: 2 });
  });
});
