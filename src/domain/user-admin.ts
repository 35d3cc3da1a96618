import type { Role } from "./roles";

/** The part of a user that decides whether they count as one of the organization's admins. */
export type AdminStanding = { role: Role; active: boolean };

/** True when `standing` holds admin power: an active account with the admin role. */
export function isActiveAdmin(standing: AdminStanding): boolean {
  return standing.active && standing.role === "admin";
}

/**
 * True when changing a user from `before` to `after` takes away one of the organization's active
 * admins (a demotion or a deactivation of an admin). Such changes need the last-admin guard.
 */
export function removesAnAdmin(before: AdminStanding, after: AdminStanding): boolean {
  return isActiveAdmin(before) && !isActiveAdmin(after);
}

/**
 * The last-admin rule: an organization with no active admin could never manage its users again,
 * so a change that removes an admin is refused when `activeAdmins` (counting the user changed) is
 * the last one.
 */
export function leavesNoActiveAdmin(before: AdminStanding, after: AdminStanding, activeAdmins: number): boolean {
  return removesAnAdmin(before, after) && activeAdmins <= 1;
}
