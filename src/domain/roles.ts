export const ROLES = ["admin", "manager", "agent", "requester"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { admin: 3, manager: 2, agent: 1, requester: 0 };

/** True when `role` has at least the power of `floor` (admin > manager > agent > requester). */
export function hasRoleAtLeast(role: Role, floor: Role): boolean {
  return RANK[role] >= RANK[floor];
}

/** Staff are the roles that work tickets: everyone but requesters. */
export function isStaff(role: Role): boolean {
  return hasRoleAtLeast(role, "agent");
}
