import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appliesTo, matchPolicy, specificity, type MatchablePolicy, type PolicyTarget } from "../../src/domain/policy-match";
import { PRIORITIES, type Priority } from "../../src/domain/ticket-fields";

let made = 0;
function policy(priority: Priority, category: string | null, customer: string | null, createdAt = 1000, id?: string): MatchablePolicy {
  made += 1;
  return { id: id ?? `p${made}`, priority, category, customer, createdAt: new Date(createdAt) };
}

const all = [
  policy("P2", null, null, 1, "default"),
  policy("P2", null, "acme", 1, "customer"),
  policy("P2", "billing", null, 1, "category"),
  policy("P2", "billing", "acme", 1, "both"),
  policy("P1", "billing", "acme", 1, "other-priority"),
];

describe("matchPolicy", () => {
  it.each([
    ["billing", "acme", "both"],
    ["billing", "globex", "category"],
    ["billing", null, "category"],
    ["network", "acme", "customer"],
    [null, "acme", "customer"],
    ["network", "globex", "default"],
    [null, null, "default"],
    ["Billing", "ACME", "default"],
  ] as const)("category %s, customer %s → %s", (category, customer, expected) => {
    expect(matchPolicy(all, { priority: "P2", category, customer })?.id).toBe(expected);
  });

  it("ranks priority+category above priority+customer", () => {
    expect(specificity({ category: "x", customer: null })).toBeGreaterThan(specificity({ category: null, customer: "y" }));
  });

  it("never matches another priority, and finds nothing without a policy of the priority", () => {
    expect(matchPolicy(all, { priority: "P1", category: null, customer: null })).toBeUndefined();
    expect(matchPolicy(all, { priority: "P3", category: "billing", customer: "acme" })).toBeUndefined();
  });

  it("breaks ties by the oldest, then the smallest id, whatever the order given", () => {
    const tied = [policy("P3", null, null, 20, "a"), policy("P3", null, null, 10, "c"), policy("P3", null, null, 10, "b")];
    for (const order of [tied, [...tied].reverse(), [tied[1]!, tied[0]!, tied[2]!]]) {
      expect(matchPolicy(order, { priority: "P3", category: null, customer: null })?.id).toBe("b");
    }
  });
});

const scope = fc.constantFrom(null, "billing", "network");
const policyArb = fc
  .record({ priority: fc.constantFrom(...PRIORITIES), category: scope, customer: scope, createdAt: fc.integer({ min: 0, max: 5 }), id: fc.constantFrom("a", "b", "c", "d") })
  .map((p) => ({ ...p, createdAt: new Date(p.createdAt) }));
const ticketArb: fc.Arbitrary<PolicyTarget> = fc.record({ priority: fc.constantFrom(...PRIORITIES), category: scope, customer: scope });

describe("property: matchPolicy", () => {
  it("picks a policy that applies, of the highest specificity among those that apply, and none other beats it", () => {
    fc.assert(
      fc.property(fc.array(policyArb, { maxLength: 12 }), ticketArb, (policies, ticket) => {
        const chosen = matchPolicy(policies, ticket);
        const applying = policies.filter((p) => appliesTo(p, ticket));
        if (applying.length === 0) {
          expect(chosen).toBeUndefined();
          return;
        }
        expect(appliesTo(chosen!, ticket)).toBe(true);
        for (const other of applying) {
          expect(specificity(other)).toBeLessThanOrEqual(specificity(chosen!));
          if (specificity(other) === specificity(chosen!)) expect(other.createdAt.getTime()).toBeGreaterThanOrEqual(chosen!.createdAt.getTime());
        }
      }),
    );
  });

  it("does not depend on the order of the policies", () => {
    const orders = fc.array(policyArb, { maxLength: 12 }).chain((policies) => fc.tuple(fc.constant(policies), fc.shuffledSubarray(policies, { minLength: policies.length })));
    fc.assert(
      fc.property(orders, ticketArb, ([policies, shuffled], ticket) => {
        // Policies equal in id, scope and age are interchangeable, so compare the values, not the objects.
        expect(matchPolicy(shuffled, ticket)).toEqual(matchPolicy(policies, ticket));
      }),
    );
  });
});
