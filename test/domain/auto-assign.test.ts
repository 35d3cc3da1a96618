import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chooseAssignee, type AssignCandidate } from "../../src/domain/auto-assign";

/**
 * Assigns `count` tickets of `category` one after another with the pure rule, each choice seeing
 * the ones before (active + 1, lastAssignedAt = now + i); the chosen userIds, until one is "none".
 */
function assignMany(candidates: readonly AssignCandidate[], category: string | null, count: number, now: number): string[] {
  const team = candidates.map((candidate) => ({ ...candidate }));
  const chosen: string[] = [];
  for (let i = 0; i < count; i++) {
    const choice = chooseAssignee(team, category);
    if (choice.kind === "none") break;
    const member = team.find((candidate) => candidate.userId === choice.userId)!;
    member.activeCount += 1;
    member.lastAssignedAt = now + i;
    chosen.push(choice.userId);
  }
  return chosen;
}

const T0 = Date.parse("2031-01-01T00:00:00.000Z");

/** A member with sensible defaults: available, no skills, no cap, idle, never assigned. */
function member(userId: string, over: Partial<AssignCandidate> = {}): AssignCandidate {
  return { userId, available: true, skills: [], maxActive: null, activeCount: 0, lastAssignedAt: null, ...over };
}

// Small domains on purpose, so that ties in activeCount and lastAssignedAt, full members and
// mixed-case skills turn up in most runs rather than almost never.
const skill = fc.constantFrom("network", "Network", "BILLING", "billing", "vpn");
const category = fc.constantFrom(null, "network", "NETWORK", "billing", "Vpn", "hardware");
const candidate = (userId: string) =>
  fc.record({
    userId: fc.constant(userId),
    available: fc.boolean(),
    skills: fc.uniqueArray(skill, { maxLength: 3 }),
    maxActive: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
    activeCount: fc.integer({ min: 0, max: 3 }),
    lastAssignedAt: fc.option(fc.integer({ min: T0, max: T0 + 3 }), { nil: null, freq: 2 }),
  });
const team = fc
  .uniqueArray(fc.constantFrom("u1", "u2", "u3", "u4", "u5", "u6", "u7", "ada", "Bob", "bob"), { maxLength: 7 })
  .chain((ids) => fc.tuple(...ids.map(candidate)));

// The rules written out plainly, separately from the module, as the oracle for the properties.
const skilled = (c: AssignCandidate, cat: string | null) =>
  cat !== null && c.skills.some((s) => s.toLowerCase() === cat.toLowerCase());
const roomFor = (c: AssignCandidate) => c.maxActive === null || c.activeCount < c.maxActive;
function pool(team: readonly AssignCandidate[], cat: string | null): AssignCandidate[] {
  const available = team.filter((c) => c.available);
  const withSkill = available.filter((c) => skilled(c, cat));
  return (withSkill.length > 0 ? withSkill : available).filter(roomFor);
}
const age = (c: AssignCandidate) => c.lastAssignedAt ?? Number.NEGATIVE_INFINITY;

/** The member a choice named; the properties only run on teams with unique userIds. */
function picked(team: readonly AssignCandidate[], cat: string | null): AssignCandidate | undefined {
  const choice = chooseAssignee(team, cat);
  return choice.kind === "assigned" ? team.find((c) => c.userId === choice.userId) : undefined;
}

describe("chooseAssignee, over arbitrary teams", () => {
  it("answers none exactly when the eligible pool is empty, and counts that pool otherwise", () => {
    fc.assert(
      fc.property(team, category, (members, cat) => {
        const eligible = pool(members, cat);
        const choice = chooseAssignee(members, cat);
        if (eligible.length === 0) {
          const why = members.some((c) => c.available) ? "all_at_capacity" : "no_available_member";
          expect(choice).toEqual({ kind: "none", reason: { rule: "skills+least-active", candidates: 0, why } });
        } else {
          expect(choice.kind).toBe("assigned");
          expect(choice.reason).toEqual({ rule: "skills+least-active", candidates: eligible.length });
        }
      }),
    );
  });

  it("picks someone available, below their cap, and skilled whenever any available member is", () => {
    fc.assert(
      fc.property(team, category, (members, cat) => {
        const chosen = picked(members, cat);
        if (chosen === undefined) return;
        expect(chosen.available).toBe(true);
        expect(roomFor(chosen)).toBe(true);
        if (members.some((c) => c.available && skilled(c, cat))) expect(skilled(chosen, cat)).toBe(true);
      }),
    );
  });

  it("picks the fewest active tickets, then assigned longest ago (never first), then the lowest userId", () => {
    fc.assert(
      fc.property(team, category, (members, cat) => {
        const chosen = picked(members, cat);
        if (chosen === undefined) return;
        const eligible = pool(members, cat);
        expect(eligible).toContain(chosen);
        const least = Math.min(...eligible.map((c) => c.activeCount));
        expect(chosen.activeCount).toBe(least);
        const tied = eligible.filter((c) => c.activeCount === least);
        const oldest = Math.min(...tied.map(age));
        expect(age(chosen)).toBe(oldest);
        const lastTie = tied.filter((c) => age(c) === oldest).map((c) => c.userId);
        expect(chosen.userId).toBe([...lastTie].sort()[0]);
      }),
      // The tie-breaks only matter on teams where several eligible members tie; more runs make
      // those common enough that a wrong tie-break cannot slip through on a lucky seed.
      { numRuns: 1000 },
    );
  });

  it("does not depend on the order the members come in, and leaves them untouched", () => {
    const shuffled = team.chain((members) =>
      fc.tuple(fc.constant(members), fc.shuffledSubarray(members, { minLength: members.length })),
    );
    fc.assert(
      fc.property(shuffled, category, ([members, reordered], cat) => {
        const before = structuredClone(members);
        expect(chooseAssignee(reordered, cat)).toEqual(chooseAssignee(members, cat));
        expect(members).toEqual(before);
      }),
    );
  });
});

describe("assignMany, over arbitrary teams", () => {
  it("makes each choice as chooseAssignee would on the team as left by the previous ones", () => {
    fc.assert(
      fc.property(team, category, fc.nat(12), (members, cat, count) => {
        const before = structuredClone(members);
        const state = members.map((c) => ({ ...c }));
        const expected: string[] = [];
        for (let i = 0; i < count; i++) {
          const choice = chooseAssignee(state, cat);
          if (choice.kind === "none") continue;
          expected.push(choice.userId);
          const chosen = state.find((c) => c.userId === choice.userId)!;
          chosen.activeCount += 1;
          chosen.lastAssignedAt = T0 + 1000 + i;
        }
        expect(assignMany(members, cat, count, T0 + 1000)).toEqual(expected);
        expect(members).toEqual(before);
      }),
    );
  });

  it("never fills anyone past their cap", () => {
    fc.assert(
      fc.property(team, category, fc.nat(20), (members, cat, count) => {
        const chosen = assignMany(members, cat, count, T0 + 1000);
        for (const c of members) {
          const added = chosen.filter((id) => id === c.userId).length;
          if (added > 0 && c.maxActive !== null) expect(c.activeCount + added).toBeLessThanOrEqual(c.maxActive);
        }
      }),
    );
  });

  it("spreads tickets over equally placed idle members within one of each other", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.nat(40), (size, count) => {
        const members = Array.from({ length: size }, (_, i) => member(`u${i}`, { skills: ["network"] }));
        const chosen = assignMany(members, "network", count, T0);
        expect(chosen).toHaveLength(count);
        const loads = members.map((c) => chosen.filter((id) => id === c.userId).length);
        expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe("chooseAssignee, examples", () => {
  it("shares 30 tickets 10/10/10 over three equally skilled idle agents, in round robin", () => {
    const agents = ["a", "b", "c"].map((id) => member(id, { skills: ["network"] }));
    const chosen = assignMany(agents, "network", 30, T0);
    expect(["a", "b", "c"].map((id) => chosen.filter((c) => c === id).length)).toEqual([10, 10, 10]);
    expect(chosen.slice(0, 6)).toEqual(["a", "b", "c", "a", "b", "c"]);
  });

  it("skips an unavailable agent, however idle", () => {
    const team = [member("a", { available: false }), member("b", { activeCount: 3 })];
    expect(chooseAssignee(team, null)).toMatchObject({ kind: "assigned", userId: "b" });
    expect(chooseAssignee([member("a", { available: false })], null)).toEqual({
      kind: "none",
      reason: { rule: "skills+least-active", candidates: 0, why: "no_available_member" },
    });
    expect(chooseAssignee([], "network")).toMatchObject({ kind: "none", reason: { why: "no_available_member" } });
  });

  it("skips an agent at maxActive, and takes one just below it", () => {
    const team = [member("a", { maxActive: 2, activeCount: 2 }), member("b", { maxActive: 5, activeCount: 4 })];
    expect(chooseAssignee(team, null)).toMatchObject({ kind: "assigned", userId: "b", reason: { candidates: 1 } });
    expect(chooseAssignee([member("a", { maxActive: 0 })], null)).toMatchObject({
      kind: "none",
      reason: { why: "all_at_capacity" },
    });
    expect(assignMany(team, null, 5, T0)).toEqual(["b"]);
  });

  it("uses unskilled agents only when no available agent has the skill", () => {
    const idleGeneralist = member("g");
    const busyExpert = member("x", { skills: ["network"], activeCount: 7 });
    expect(chooseAssignee([idleGeneralist, busyExpert], "network")).toMatchObject({ userId: "x" });
    expect(chooseAssignee([idleGeneralist, { ...busyExpert, available: false }], "network")).toMatchObject({
      userId: "g",
    });
    expect(chooseAssignee([idleGeneralist, busyExpert], "billing")).toMatchObject({ userId: "g" });
  });

  it("leaves the ticket unassigned when every skilled agent is full, rather than fall back", () => {
    const team = [member("g"), member("x", { skills: ["network"], maxActive: 1, activeCount: 1 })];
    expect(chooseAssignee(team, "network")).toEqual({
      kind: "none",
      reason: { rule: "skills+least-active", candidates: 0, why: "all_at_capacity" },
    });
  });

  it("considers every available agent when the ticket has no category", () => {
    const team = [member("x", { skills: ["network"], activeCount: 2 }), member("y", { activeCount: 1 })];
    expect(chooseAssignee(team, null)).toMatchObject({ userId: "y", reason: { candidates: 2 } });
  });

  it("matches skills case-insensitively", () => {
    const team = [member("g"), member("x", { skills: ["Network"], activeCount: 4 })];
    expect(chooseAssignee(team, "NETWORK")).toMatchObject({ userId: "x", reason: { candidates: 1 } });
    expect(chooseAssignee(team, "network")).toMatchObject({ userId: "x" });
  });

  it("breaks ties by the oldest last assignment, never-assigned first, then by userId", () => {
    const team = [
      member("c", { lastAssignedAt: T0 + 5 }),
      member("b", { lastAssignedAt: T0 }),
      member("a", { lastAssignedAt: T0 + 9 }),
    ];
    expect(chooseAssignee(team, null)).toMatchObject({ userId: "b" });
    expect(chooseAssignee([...team, member("z")], null)).toMatchObject({ userId: "z" });
    expect(chooseAssignee([member("n2"), member("n1")], null)).toMatchObject({ userId: "n1" });
  });

  it("counts the final pool in the reason: available, skilled, below their cap", () => {
    const team = [
      member("a", { skills: ["network"] }),
      member("b", { skills: ["NETWORK"], activeCount: 1 }),
      member("c", { skills: ["network"], maxActive: 1, activeCount: 1 }),
      member("d", { skills: ["network"], available: false }),
      member("e"),
    ];
    expect(chooseAssignee(team, "network")).toEqual({
      kind: "assigned",
      userId: "a",
      reason: { rule: "skills+least-active", candidates: 2 },
    });
    expect(chooseAssignee(team, "billing")).toMatchObject({ userId: "a", reason: { candidates: 3 } });
  });
});
