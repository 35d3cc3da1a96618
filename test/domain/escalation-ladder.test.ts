import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { acknowledge, escalateManually, NO_LADDER, onTimeout, raise, SAME_INSTANT_MS, type Ladder } from "../../src/domain/escalation-ladder";
import { DEFAULT_POLICY, policyIssues, thresholdLevels, type EscalationPolicy } from "../../src/domain/escalation-policy";

const MINUTE = 60_000;
const policy = (timeouts: number[], repeat = 0): EscalationPolicy => ({ levels: timeouts.map((ackTimeoutMinutes) => ({ role: "manager", ackTimeoutMinutes })), thresholds: {}, repeat });
const policies = fc.record({ timeouts: fc.array(fc.integer({ min: 1, max: 1440 }), { minLength: 1, maxLength: 5 }), repeat: fc.integer({ min: 0, max: 9 }) }).map(({ timeouts, repeat }) => policy(timeouts, repeat));

/** Walks timeouts from level 1 until the ladder goes silent; answers the levels visited. */
function walk(p: EscalationPolicy): number[] {
  let ladder: Ladder | null = raise(NO_LADDER, p, 1, 0);
  const levels: number[] = [];
  while (ladder) {
    levels.push(ladder.level);
    ladder = onTimeout(ladder, p, ladder.nextStepAt!);
  }
  return levels;
}

describe("the escalation ladder (pure)", () => {
  it("walks every level in order, (repeat + 1) times, then stays silent", () => {
    expect(walk(policy([1, 2, 3], 1))).toEqual([1, 2, 3, 1, 2, 3]);
    fc.assert(
      fc.property(policies, (p) => {
        const one = p.levels.map((_, index) => index + 1);
        expect(walk(p)).toEqual(Array.from({ length: p.repeat + 1 }, () => one).flat());
      }),
    );
  });

  it("times each level by its own timeout", () => {
    fc.assert(
      fc.property(policies, fc.integer({ min: 0, max: 1e12 }), (p, now) => {
        const ladder = raise(NO_LADDER, p, 1, now)!;
        expect(ladder.nextStepAt).toBe(now + p.levels[0]!.ackTimeoutMinutes * MINUTE);
      }),
    );
  });

  it("raises only up, capped at the last level", () => {
    fc.assert(
      fc.property(policies, fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 7 }), (p, current, target) => {
        const ladder = { ...NO_LADDER, level: Math.min(current, p.levels.length) };
        const raised = raise(ladder, p, target, 0);
        const expected = Math.min(target, p.levels.length);
        if (expected > ladder.level) expect(raised).toMatchObject({ level: expected, round: 0, acknowledgedAt: null });
        else expect(raised).toBeNull();
      }),
    );
  });

  it("escalates manually one up, joins a step of the same second, and refuses past the top", () => {
    const p = policy([5, 5]);
    const one = raise(NO_LADDER, p, 1, 0)!;
    expect(escalateManually(one, p, SAME_INSTANT_MS - 1)).toEqual({ kind: "joined" });
    expect(escalateManually(one, p, SAME_INSTANT_MS)).toMatchObject({ kind: "step", ladder: { level: 2, since: SAME_INSTANT_MS } });
    expect(escalateManually({ ...one, level: 2 }, p, 10 * MINUTE)).toEqual({ kind: "at_top" });
    expect(escalateManually(NO_LADDER, p, 0)).toMatchObject({ kind: "step", ladder: { level: 1 } });
  });

  it("stops on acknowledge, once", () => {
    const ladder = raise(NO_LADDER, DEFAULT_POLICY, 1, 0)!;
    const acknowledged = acknowledge(ladder, "ana", 5)!;
    expect(acknowledged).toMatchObject({ level: 1, nextStepAt: null, acknowledgedAt: 5, acknowledgedBy: "ana" });
    expect(acknowledge(acknowledged, "bo", 6)).toBeNull();
    expect(acknowledge(NO_LADDER, "bo", 6)).toBeNull();
  });
});

describe("escalation policies", () => {
  it("puts level 1 at high risk and level 2 at a breach by default, for the levels a policy has", () => {
    expect([...thresholdLevels(policy([1, 1]))]).toEqual([["high_risk", 1], ["breached", 2]]);
    expect([...thresholdLevels(policy([1]))]).toEqual([["high_risk", 1]]);
    expect([...thresholdLevels({ ...policy([1, 1]), thresholds: { level1: "warning" } })]).toEqual([["warning", 1], ["breached", 2]]);
  });

  it("refuses thresholds out of band order, for missing levels, and levels naming nobody", () => {
    expect(policyIssues({ ...policy([1, 1]), thresholds: { level1: "breached", level2: "high_risk" } })).toEqual([{ path: "thresholds.level2", message: expect.any(String) }]);
    expect(policyIssues({ ...policy([1]), thresholds: { level2: "breached" } })).toEqual([{ path: "thresholds.level2", message: expect.any(String) }]);
    expect(policyIssues({ levels: [{ ackTimeoutMinutes: 5 }], thresholds: {}, repeat: 0 })).toEqual([{ path: "levels.0", message: expect.any(String) }]);
    expect(policyIssues(policy([1, 2, 3]))).toEqual([]);
  });
});
