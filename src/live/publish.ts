import type { AttachmentRow } from "../db/attachments";
import type { CommentRow } from "../db/comments";
import type { TicketRow } from "../db/tickets";
import { toAttachmentView } from "../routes/schemas/attachment";
import { toCommentView } from "../routes/schemas/comment";
import { toTicketView } from "../routes/schemas/ticket";
import { slaOf, type TicketWithClocks } from "../services/ticket-sla";
import type { RoomEvent } from "./events";
import type { TeamRoom } from "./team-room";

/**
 * Hands an event to a team's room. Called only after the write's D1 batch committed, and never
 * fails the write: the publish runs in the background (`waitUntil`) and a failure is only logged.
 * A client that missed an event this way sees the gap in `seq` and reconnects with `since`.
 */
export type Publish = (teamId: string, event: RoomEvent) => void;

type Rooms = DurableObjectNamespace<TeamRoom>;

/** A Publish to the rooms of `rooms`; `waitUntil` keeps the request alive until the room has it. */
export function roomPublisher(rooms: Rooms | undefined, waitUntil?: (promise: Promise<unknown>) => void): Publish | undefined {
  if (!rooms) return undefined;
  return (teamId, event) => {
    const sent = publishTo(rooms, teamId, event);
    if (waitUntil) waitUntil(sent);
  };
}

/** Publishes one event and swallows (logs) any failure. */
export async function publishTo(rooms: Rooms, teamId: string, event: RoomEvent): Promise<number | undefined> {
  try {
    return await rooms.get(rooms.idFromName(teamId)).publish(event);
  } catch (err) {
    console.error(JSON.stringify({ event: "live_publish_failed", teamId, type: event.message.type, ticketId: event.message.ticketId, error: String(err) }));
    return undefined;
  }
}

/** A change of a ticket, with the ticket as the API answers it (its sla block at `now`). */
export function ticketEvent(type: string, ticket: TicketWithClocks, now: Date): RoomEvent {
  return { message: { type, ticketId: ticket.id, ticket: toTicketView(ticket, slaOf(ticket, now)) }, internal: false, requesterId: ticket.requesterId };
}

/** A new comment; an internal one never reaches a requester's socket. */
export function commentEvent(ticket: Pick<TicketRow, "id" | "requesterId">, comment: CommentRow): RoomEvent {
  return { message: { type: "comment.added", ticketId: ticket.id, comment: toCommentView(comment) }, internal: !comment.public, requesterId: ticket.requesterId };
}

export function attachmentEvent(ticket: Pick<TicketRow, "id" | "requesterId">, attachment: AttachmentRow): RoomEvent {
  return { message: { type: "attachment.added", ticketId: ticket.id, attachment: toAttachmentView(attachment) }, internal: false, requesterId: ticket.requesterId };
}

export function deletedEvent(ticket: Pick<TicketRow, "id" | "requesterId">): RoomEvent {
  return { message: { type: "ticket.deleted", ticketId: ticket.id }, internal: false, requesterId: ticket.requesterId };
}
