import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nextWake, stepVerdict } from "../../src/domain/live-sync";

describe("stepVerdict", () => {
  it("is in step when the room has every change D1 committed", () => {
    expect(stepVerdict(5, 5, undefined)).toEqual({ kind: "in_step" });
    // Publishes from the room's own tests or a reorder may put it ahead; never a resync.
    expect(stepVerdict(6, 5, undefined)).toEqual({ kind: "in_step" });
  });

  it("waits a grace period when D1 is ahead, since a publish travels after its commit", () => {
    expect(stepVerdict(5, 7, undefined)).toEqual({ kind: "wait", expect: 7 });
  });

  it("resyncs when what D1 had at the last look still has not arrived", () => {
    expect(stepVerdict(6, 7, 7)).toEqual({ kind: "resync" });
    expect(stepVerdict(5, 9, 7)).toEqual({ kind: "resync" });
  });

  it("a late publish that arrived within the grace period is no gap, while newer ones wait again", () => {
    expect(stepVerdict(7, 7, 7)).toEqual({ kind: "in_step" });
    expect(stepVerdict(7, 9, 7)).toEqual({ kind: "wait", expect: 9 });
  });

  it("resyncs only for a shortfall seen twice; never while the room has all it was expected to have", () => {
    fc.assert(
      fc.property(fc.nat(1_000), fc.nat(1_000), fc.option(fc.nat(1_000), { nil: undefined }), (received, committed, expected) => {
        const verdict = stepVerdict(received, committed, expected);
        if (verdict.kind === "resync") expect(expected !== undefined && received < expected).toBe(true);
        else expect(expected === undefined || received >= expected).toBe(true);
        if (verdict.kind === "wait") expect(verdict.expect).toBe(committed);
        if (verdict.kind === "in_step") expect(received).toBeGreaterThanOrEqual(committed);
      }),
    );
  });
});

describe("nextWake", () => {
  it("is the earliest instant waited for, never sooner than 1 ms ahead", () => {
    expect(nextWake([undefined, 5_000, 3_000], 1_000)).toBe(3_000);
    expect(nextWake([500, 9_000], 1_000)).toBe(1_001);
    expect(nextWake([undefined, undefined], 1_000)).toBeUndefined();
  });

  it("holds for any instants", () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.nat(), { nil: undefined })), fc.nat(), (instants, now) => {
        const wake = nextWake(instants, now);
        const times = instants.filter((at) => at !== undefined);
        if (times.length === 0) {
          expect(wake).toBeUndefined();
        } else {
          expect(wake).toBeGreaterThan(now);
          expect(wake).toBe(Math.max(now + 1, Math.min(...times)));
        }
      }),
    );
  });
});
