import type { NotificationEvent } from "../domain/notification-events";

/** The people around a ticket that an event may concern. */
export type TicketParties = { assigneeId: string | null; requesterId: string };

/** What happened, to which ticket, by whom (null: the system, e.g. the risk pass). */
export type RecipientQuery = {
  type: NotificationEvent;
  actorId: string | null;
  ticket: TicketParties;
  /** For `comment.added`: whether the requester may read the comment. */
  publicComment?: boolean;
  /** The team's managers (contract §2): they get the SLA events and escalations. */
  teamManagers?: readonly string[];
  /** The people of an escalation level: they get its `ticket.escalated`. */
  levelPeople?: readonly string[];
};

const REQUESTER_EVENTS: readonly NotificationEvent[] = ["ticket.created", "ticket.status_changed", "comment.added"];
const MANAGER_EVENTS: readonly NotificationEvent[] = ["ticket.escalated", "sla.warning", "sla.high_risk", "sla.due_soon", "sla.breached"];

/**
 * Who is notified of an event by default (contract §6): the assignee of every event of their
 * ticket; the requester of their ticket's creation, status changes and public comments; the
 * team's managers of SLA events and escalations; a level's people of its escalation. Nobody is
 * notified of their own action. Distinct ids, in that order. Channels (in-app, email) are chosen
 * per person afterwards, from their preferences.
 */
export function recipientsOf(query: RecipientQuery): string[] {
  const { type, ticket } = query;
  const ids: (string | null)[] = [ticket.assigneeId];
  const requesterMay = type !== "comment.added" || query.publicComment === true;
  if (REQUESTER_EVENTS.includes(type) && requesterMay) ids.push(ticket.requesterId);
  if (MANAGER_EVENTS.includes(type)) ids.push(...(query.teamManagers ?? []));
  if (type === "ticket.escalated") ids.push(...(query.levelPeople ?? []));
  const distinct = new Set(ids.filter((id): id is string => id !== null && id !== query.actorId));
  return [...distinct];
}
