import type { TicketNotice } from "../db/outbox";
import { recipientsOf, type TicketParties } from "./recipients";

/** A ticket event before the write places it: the write adds the ticket id and the version it holds. */
export type Notice = Omit<TicketNotice, "ticketId" | "version">;

type Ticket = TicketParties & { priority: string; title: string };

/** A ticket was filed: its requester and assignee hear of it (unless they filed it). */
export function createdNotice(actorId: string, ticket: Ticket): Notice {
  return {
    type: "ticket.created",
    recipients: recipientsOf({ type: "ticket.created", actorId, ticket }),
    text: `new ${ticket.priority} ticket "${ticket.title}"`,
    facts: { actorId, priority: ticket.priority },
  };
}

/** A ticket moved through the state machine. */
export function statusNotice(actorId: string, ticket: TicketParties, from: string, to: string, note: string | undefined): Notice {
  return {
    type: "ticket.status_changed",
    recipients: recipientsOf({ type: "ticket.status_changed", actorId, ticket }),
    text: `moved from ${from} to ${to}`,
    facts: { actorId, from, to, note: note ?? null },
  };
}

/** A ticket was given to someone (or taken back: `assignee` null); the new assignee hears of it. */
export function assignedNotice(actorId: string, ticket: TicketParties, assignee: { id: string; name: string } | null): Notice {
  const parties = { ...ticket, assigneeId: assignee?.id ?? null };
  return {
    type: "ticket.assigned",
    recipients: recipientsOf({ type: "ticket.assigned", actorId, ticket: parties }),
    text: assignee ? `assigned to ${assignee.name}` : "unassigned",
    facts: { actorId, assigneeId: assignee?.id ?? null, assigneeName: assignee?.name ?? null },
  };
}

/** A comment was added: the assignee hears of every one, the requester of public ones. */
export function commentNotice(actorId: string, ticket: TicketParties, comment: { id: string; body: string; public: boolean }): Notice {
  return {
    type: "comment.added",
    recipients: recipientsOf({ type: "comment.added", actorId, ticket, publicComment: comment.public }),
    text: comment.public ? "new comment" : "new internal note",
    facts: { actorId, comment: { id: comment.id, body: comment.body, public: comment.public } },
  };
}

/** Auto-assignment found no one (contract §5): the team's managers hear of it. */
export function unassignableNotice(actorId: string): Notice {
  return {
    type: "ticket.unassignable",
    recipients: [],
    toTeamManagers: true,
    text: "could not be assigned: no available member with the skill has room",
    facts: { actorId },
  };
}

/** An automation's `notify` action (contract §9): the people, role and webhook it names. */
export function automationNotice(actorId: string, ruleId: string, target: { userIds?: string[]; role?: "manager" | "admin"; webhookId?: string }): Notice {
  return {
    type: "automation.notify",
    recipients: target.userIds ?? [],
    toTeamManagers: target.role === "manager",
    toOrgAdmins: target.role === "admin",
    ...(target.webhookId && { webhookId: target.webhookId }),
    text: "flagged by an automation",
    facts: { actorId, ruleId },
  };
}
