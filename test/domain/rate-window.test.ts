import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { secondsToWindowEnd } from "../../src/domain/rate-window";

describe("secondsToWindowEnd", () => {
  it("counts whole seconds to the end of the minute, at least one", () => {
    const minute = Date.UTC(2026, 11, 2, 9, 30);
    expect(secondsToWindowEnd(minute, 60)).toBe(60);
    expect(secondsToWindowEnd(minute + 1, 60)).toBe(60);
    expect(secondsToWindowEnd(minute + 59_000, 60)).toBe(1);
    expect(secondsToWindowEnd(minute + 59_999, 60)).toBe(1);
    expect(secondsToWindowEnd(minute + 45_500, 60)).toBe(15);
    expect(secondsToWindowEnd(minute + 3_000, 10)).toBe(7);
  });

  it("never sends a client back before the window has ended, nor later than one period", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.constantFrom(10, 60), (now, period) => {
        const wait = secondsToWindowEnd(now, period);
        expect(wait).toBeGreaterThanOrEqual(1);
        expect(wait).toBeLessThanOrEqual(period);
        // Coming back after `wait` seconds lands in a later window than `now`'s.
        expect(Math.floor((now + wait * 1000) / (period * 1000))).toBeGreaterThan(Math.floor(now / (period * 1000)));
      }),
    );
  });
});
