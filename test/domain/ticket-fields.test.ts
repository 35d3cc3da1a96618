import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffFields } from "../../src/domain/ticket-diff";
import { normalizeTags, toPriority } from "../../src/domain/ticket-fields";
import { forbiddenEdits } from "../../src/domain/ticket-access";

describe("priorities", () => {
  it("reads P1..P4 and the aliases in any case", () => {
    expect(["P1", "p2", "CRITICAL", "High", "medium", "LOW"].map(toPriority)).toEqual(["P1", "P2", "P1", "P2", "P3", "P4"]);
    expect(["P5", "URGENT", ""].map(toPriority)).toEqual([undefined, undefined, undefined]);
  });
});

describe("tags", () => {
  it("trims, lower-cases and drops duplicates and blanks, keeping first order", () => {
    expect(normalizeTags([" VPN", "vpn", "", "Remote ", "  "])).toEqual(["vpn", "remote"]);
  });
});

describe("diffFields", () => {
  it("lists only what changes, comparing arrays by content", () => {
    const current = { title: "a", tags: ["x"], category: "net" as string | null };
    expect(diffFields(current, { title: "a", tags: ["x"] })).toBeUndefined();
    expect(diffFields(current, { tags: ["y"], category: null })).toEqual({ from: { tags: ["x"], category: "net" }, to: { tags: ["y"], category: null } });
  });

  it("applying `to` over the current value yields the wanted one", () => {
    fc.assert(
      fc.property(fc.record({ a: fc.string(), b: fc.integer() }), fc.record({ a: fc.string(), b: fc.integer() }, { requiredKeys: [] }), (current, wanted) => {
        const diff = diffFields(current, wanted);
        const after = { ...current, ...diff?.to };
        expect(after).toEqual({ ...current, ...wanted });
      }),
    );
  });
});

describe("what a requester may edit", () => {
  it("allows title and description only; staff may edit all", () => {
    expect(forbiddenEdits("requester", { title: "x", priority: "P1", teamId: "t" })).toEqual(["priority", "teamId"]);
    expect(forbiddenEdits("agent", { priority: "P1" })).toEqual([]);
  });
});
