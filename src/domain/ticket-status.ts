import type { Role } from "./roles";
import { hasRoleAtLeast } from "./roles";
import type { TicketStatus } from "./ticket-fields";

/** The only legal moves between statuses (contract §3); a status never moves to itself. */
export const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ["open", "in_progress", "pending", "resolved", "closed"],
  open: ["in_progress", "pending", "resolved", "closed"],
  in_progress: ["open", "pending", "resolved"],
  pending: ["open", "in_progress", "resolved"],
  resolved: ["closed", "open"],
  closed: ["open"],
};

// What a requester may do to their own ticket: withdraw it, confirm a resolution, or reopen one.
const REQUESTER_MOVES: Readonly<Partial<Record<TicketStatus, readonly TicketStatus[]>>> = {
  new: ["closed"],
  open: ["closed"],
  resolved: ["closed", "open"],
};

export function isLegalTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * Whether a caller with `role` may make a legal move: reopening a closed ticket takes a manager,
 * and a requester may only withdraw, confirm or reopen.
 */
function mayMove(role: Role, from: TicketStatus, to: TicketStatus): boolean {
  return role === "requester" ? (REQUESTER_MOVES[from] ?? []).includes(to) : from !== "closed" || hasRoleAtLeast(role, "manager");
}

/** The moves a caller with `role` may make from `from`: what a status picker offers. */
export function movesFor(from: TicketStatus, role: Role): TicketStatus[] {
  return TRANSITIONS[from].filter((to) => mayMove(role, from, to));
}

/** The lifecycle fields of a ticket that a status change may touch. */
export type Lifecycle = {
  status: TicketStatus;
  reopenCount: number;
  firstRespondedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
};

export type StatusChange =
  | { ok: true; changes: Partial<Lifecycle> & { status: TicketStatus }; reopened: boolean }
  | { ok: false; reason: "invalid_transition" | "forbidden" };

/**
 * Plans moving a ticket to `to` on behalf of a caller with `role` (already allowed to see and work
 * the ticket). Legality comes first, so an illegal move is refused the same way for everyone;
 * then rights: reopening a closed ticket takes a manager, and a requester may only withdraw,
 * confirm or reopen. A move to `in_progress` is the ticket's first response if it had none.
 */
export function planStatusChange(ticket: Lifecycle, to: TicketStatus, role: Role, now: Date): StatusChange {
  const from = ticket.status;
  if (!isLegalTransition(from, to)) return { ok: false, reason: "invalid_transition" };
  if (!mayMove(role, from, to)) return { ok: false, reason: "forbidden" };

  const reopened = to === "open" && (from === "resolved" || from === "closed");
  const changes: Partial<Lifecycle> & { status: TicketStatus } = { status: to };
  if (to === "in_progress" && !ticket.firstRespondedAt) changes.firstRespondedAt = now;
  if (to === "resolved") changes.resolvedAt = now;
  if (to === "closed") changes.closedAt = now;
  if (reopened) Object.assign(changes, { reopenCount: ticket.reopenCount + 1, resolvedAt: null, closedAt: null });
  return { ok: true, changes, reopened };
}
