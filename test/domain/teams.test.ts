import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ROLES } from "../../src/domain/roles";
import { isEligibleMember, isTeamKey, mayWatchTeamRoom, seesTeamMembers, uniqueSkills } from "../../src/domain/teams";

const capitals = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ");

describe("team keys", () => {
  it("accepts every string of 2 to 10 capital letters", () => {
    fc.assert(fc.property(fc.string({ unit: capitals, minLength: 2, maxLength: 10 }), (key) => isTeamKey(key)));
  });

  it("refuses keys that are too short or too long", () => {
    fc.assert(fc.property(fc.string({ unit: capitals, maxLength: 1 }), (key) => !isTeamKey(key)));
    fc.assert(fc.property(fc.string({ unit: capitals, minLength: 11, maxLength: 30 }), (key) => !isTeamKey(key)));
  });

  it("refuses any key holding something other than A–Z", () => {
    const other = fc.string({ minLength: 1, maxLength: 1 }).filter((ch) => !/[A-Z]/.test(ch));
    fc.assert(
      fc.property(fc.string({ unit: capitals, minLength: 1, maxLength: 9 }), other, fc.nat(10), (key, ch, at) => {
        const position = at % (key.length + 1);
        expect(isTeamKey(key.slice(0, position) + ch + key.slice(position))).toBe(false);
      }),
    );
    for (const key of ["ops", "Ops", "OP1", "OP-S", "ÖPS", " OPS"]) expect(isTeamKey(key), key).toBe(false);
  });
});

describe("member skills", () => {
  it("keeps each skill once, in the order first given", () => {
    expect(uniqueSkills(["network", "billing", "network", "vpn", "billing"])).toEqual(["network", "billing", "vpn"]);
  });

  it("loses no skill and repeats none", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "b", "c", "d", "e")), (skills) => {
        const unique = uniqueSkills(skills);
        expect(new Set(unique).size).toBe(unique.length);
        expect(new Set(unique)).toEqual(new Set(skills));
      }),
    );
  });
});

describe("who belongs to and sees teams", () => {
  it("admits staff and refuses requesters as members", () => {
    expect(ROLES.filter(isEligibleMember)).toEqual(["admin", "manager", "agent"]);
  });

  it("hides the member list from requesters only", () => {
    expect(ROLES.filter((role) => !seesTeamMembers(role))).toEqual(["requester"]);
  });
});

describe("who may watch a team's live room", () => {
  it("lets managers and admins watch any team, agents their own, requesters none", () => {
    expect([true, false].map((member) => mayWatchTeamRoom("admin", member))).toEqual([true, true]);
    expect([true, false].map((member) => mayWatchTeamRoom("manager", member))).toEqual([true, true]);
    expect([true, false].map((member) => mayWatchTeamRoom("agent", member))).toEqual([true, false]);
    expect([true, false].map((member) => mayWatchTeamRoom("requester", member))).toEqual([false, false]);
  });
});
