import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ROLES } from "../../src/domain/roles";
import { isActiveAdmin, leavesNoActiveAdmin, removesAnAdmin } from "../../src/domain/user-admin";

const standing = fc.record({ role: fc.constantFrom(...ROLES), active: fc.boolean() });

describe("the last-admin rule", () => {
  it("counts only active admins as admins", () => {
    expect(isActiveAdmin({ role: "admin", active: true })).toBe(true);
    expect(isActiveAdmin({ role: "admin", active: false })).toBe(false);
    expect(isActiveAdmin({ role: "manager", active: true })).toBe(false);
  });

  it("sees a demotion and a deactivation of an active admin as removing an admin, nothing else", () => {
    fc.assert(
      fc.property(standing, standing, (before, after) => {
        const expected = before.role === "admin" && before.active && !(after.role === "admin" && after.active);
        expect(removesAnAdmin(before, after)).toBe(expected);
      }),
    );
  });

  it("refuses removing the only active admin", () => {
    expect(leavesNoActiveAdmin({ role: "admin", active: true }, { role: "manager", active: true }, 1)).toBe(true);
    expect(leavesNoActiveAdmin({ role: "admin", active: true }, { role: "admin", active: false }, 1)).toBe(true);
  });

  it("allows removing an admin while another remains, and any change that keeps or adds admins", () => {
    expect(leavesNoActiveAdmin({ role: "admin", active: true }, { role: "agent", active: true }, 2)).toBe(false);
    expect(leavesNoActiveAdmin({ role: "admin", active: false }, { role: "admin", active: true }, 0)).toBe(false);
    expect(leavesNoActiveAdmin({ role: "manager", active: true }, { role: "agent", active: false }, 1)).toBe(false);
  });

  it("never refuses a change that leaves the user an active admin, whatever the count", () => {
    fc.assert(
      fc.property(standing, fc.nat(5), (before, admins) => {
        expect(leavesNoActiveAdmin(before, { role: "admin", active: true }, admins)).toBe(false);
      }),
    );
  });

  it("refuses exactly when an admin would be removed and at most one active admin exists", () => {
    fc.assert(
      fc.property(standing, standing, fc.nat(5), (before, after, admins) => {
        expect(leavesNoActiveAdmin(before, after, admins)).toBe(removesAnAdmin(before, after) && admins <= 1);
      }),
    );
  });
});
