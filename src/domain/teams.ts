import { isStaff, type Role } from "./roles";

/** A team key: 2–10 capital letters, the prefix of its ticket keys (`OPS-42`, contract §2). */
export const TEAM_KEY_PATTERN = /^[A-Z]{2,10}$/;

/** True when `key` can name a team. */
export function isTeamKey(key: string): boolean {
  return TEAM_KEY_PATTERN.test(key);
}

/**
 * A member's skills as stored: each once, in the order first given. A duplicate would only weigh
 * a category twice in auto-assignment without meaning anything more.
 */
export function uniqueSkills(skills: readonly string[]): string[] {
  return [...new Set(skills)];
}

/**
 * Only staff may be team members: requesters file tickets, they are never assigned them.
 * The same line decides who may see a team's member list (who works there, their skills and
 * availability is internal to the desk).
 */
export function isEligibleMember(role: Role): boolean {
  return isStaff(role);
}

/** Whether `role` may see who works in a team; requesters see teams only to file tickets to them. */
export function seesTeamMembers(role: Role): boolean {
  return isStaff(role);
}

/**
 * Who may watch a team's live room (contract §7): managers and admins any team's, agents the teams
 * they belong to. Requesters never: the board shows other people's tickets and internal work.
 */
export function mayWatchTeamRoom(role: Role, isMember: boolean): boolean {
  if (role === "admin" || role === "manager") return true;
  return role === "agent" && isMember;
}
