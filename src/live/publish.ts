import type { AttachmentRow } from "../db/attachments";
import type { CommentRow } from "../db/comments";
import type { MetricRow } from "../db/sla-metrics";
import type { TicketRow } from "../db/tickets";
import type { RaisedEvent } from "../jobs/risk-pass";
import { toAttachmentView } from "../views/attachment-view";
import { toCommentView } from "../views/comment-view";
import { ticketViewAt } from "../views/ticket-view";
import type { TicketWithClocks } from "../services/ticket-sla";
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

/**
 * Hands each room its team's events of a change that re-timed many tickets' clocks at once (a
 * policy or calendar edit), then has it read its team from D1 again: its next crossing may have
 * moved either way, which an event's hint (earlier only) cannot say.
 */
export type WakeRooms = (eventsByTeam: ReadonlyMap<string, readonly RoomEvent[]>) => void;

/**
 * Events per publish request: each carries a whole ticket (a few KB), so a request stays far below
 * the RPC message limit whatever the number of tickets re-timed.
 */
const EVENTS_PER_PUBLISH = 100;

/** A WakeRooms over `rooms`, in the background like `roomPublisher`; failures are only logged. */
export function roomWaker(rooms: Rooms | undefined, waitUntil?: (promise: Promise<unknown>) => void): WakeRooms | undefined {
  if (!rooms) return undefined;
  return (eventsByTeam) => {
    for (const [teamId, events] of eventsByTeam) {
      const woken = handRetimed(rooms, teamId, events).catch((err: unknown) => console.error(JSON.stringify({ event: "live_wake_failed", teamId, error: String(err) })));
      if (waitUntil) waitUntil(woken);
    }
  };
}

/**
 * A re-time's events in order, EVENTS_PER_PUBLISH to a request (one for most teams); the last has
 * the room follow D1. An earlier request lost is found then by the room's count, and resynced.
 */
async function handRetimed(rooms: Rooms, teamId: string, events: readonly RoomEvent[]): Promise<void> {
  let sent = 0;
  for (; events.length - sent > EVENTS_PER_PUBLISH; sent += EVENTS_PER_PUBLISH) await publishTo(rooms, teamId, ...events.slice(sent, sent + EVENTS_PER_PUBLISH));
  await rooms.get(rooms.idFromName(teamId)).publishRetimed(teamId, events.slice(sent));
}

/** Publishes events in one request and swallows (logs) any failure; answers the last one's seq. */
export async function publishTo(rooms: Rooms, teamId: string, ...events: RoomEvent[]): Promise<number | undefined> {
  try {
    return await rooms.get(rooms.idFromName(teamId)).publish(teamId, events);
  } catch (err) {
    const first = events[0]?.message;
    console.error(JSON.stringify({ event: "live_publish_failed", teamId, type: first?.type, ticketId: first?.ticketId, events: events.length, error: String(err) }));
    return undefined;
  }
}

/**
 * A change of a ticket, with the ticket as the API answers it (its sla block at `now`); `clocks`,
 * the metric rows the change wrote, if any, and the ticket's escalation timer tell the room when the
 * ticket next needs it (an SLA crossing or an escalation step).
 */
export function ticketEvent(type: string, ticket: TicketWithClocks, now: Date, clocks: readonly MetricRow[] = []): RoomEvent {
  const crossings = clocks.flatMap((row) => (row.nextCrossingAt ? [row.nextCrossingAt.getTime()] : []));
  if (ticket.escalationNextStepAt) crossings.push(ticket.escalationNextStepAt.getTime());
  return {
    message: { type, ticketId: ticket.id, ticket: ticketViewAt(ticket, now) },
    internal: false,
    requesterId: ticket.requesterId,
    ...(crossings.length > 0 && { nextCrossingAt: Math.min(...crossings) }),
  };
}

/** An SLA event a risk pass raised (contract §4, §7): the band crossed, its instant, and the ticket at `now`. */
export function slaEvent(raised: RaisedEvent, ticket: TicketWithClocks, now: Date): RoomEvent {
  return {
    message: {
      type: `sla.${raised.band}`,
      ticketId: ticket.id,
      metric: raised.metric,
      band: raised.band,
      at: new Date(raised.at).toISOString(),
      ticket: ticketViewAt(ticket, now),
    },
    internal: false,
    requesterId: ticket.requesterId,
  };
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
