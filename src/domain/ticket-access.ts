import { isStaff, type Role } from "./roles";

/** Which tickets a viewer may see, as a list query can apply it (contract §2). */
export type TicketScope = { kind: "organization" } | { kind: "teams"; userId: string } | { kind: "requester"; userId: string };

/** Managers and admins see every ticket of the organization, agents their teams', requesters their own. */
export function ticketScope(role: Role, userId: string): TicketScope {
  if (role === "admin" || role === "manager") return { kind: "organization" };
  return role === "agent" ? { kind: "teams", userId } : { kind: "requester", userId };
}

/** Requesters read public comments only; staff read internal notes too. */
export function canSeeComment(role: Role, comment: { public: boolean }): boolean {
  return comment.public || isStaff(role);
}

/** The ticket fields a requester may edit on their own ticket; staff may edit them all. */
export const REQUESTER_EDITABLE = ["title", "description"] as const;

/** The fields of `patch` that `role` may not change, in the order given. */
export function forbiddenEdits(role: Role, patch: Record<string, unknown>): string[] {
  if (isStaff(role)) return [];
  return Object.keys(patch).filter((field) => !(REQUESTER_EDITABLE as readonly string[]).includes(field));
}
