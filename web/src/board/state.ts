// The board of one team as a pure reducer over the live room's messages (contract §7): snapshots
// replace it, events patch it, pages of GET /tickets fill in a partial snapshot. No DOM, no I/O:
// unit-tested in the Workers runtime (test/web/board-state.test.ts).
import type { EventMessage, Ticket, TicketStatus } from "../api/types";
import { BAND_RANK, governingDue } from "./sla";

export const ACTIVE_STATUSES: readonly TicketStatus[] = ["new", "open", "in_progress", "pending"];

export interface BoardState {
  readonly teamId: string;
  /** The seq of the last message applied: a reconnect asks for what came after it. Null before the first snapshot. */
  readonly seq: number | null;
  /** Counts snapshots: pages loaded for an older snapshot are dropped, a newer one has replaced them. */
  readonly generation: number;
  readonly tickets: ReadonlyMap<string, Ticket>;
  /**
   * Tickets that left the board since the snapshot, with the version they left at (Infinity once
   * deleted): a page read before they left must not bring them back.
   */
  readonly departed: ReadonlyMap<string, number>;
}

export type BoardAction =
  | { type: "snapshot"; seq: number; tickets: readonly Ticket[] }
  | { type: "event"; message: EventMessage }
  | { type: "pages"; generation: number; tickets: readonly Ticket[] };

export function emptyBoard(teamId: string): BoardState {
  return { teamId, seq: null, generation: 0, tickets: new Map(), departed: new Map() };
}

export const isActive = (ticket: Pick<Ticket, "status">) => ACTIVE_STATUSES.includes(ticket.status);

/** Whether a message continues the stream, repeats one already applied, or follows a gap (events lost). */
export function seqCheck(held: number | null, incoming: number): "next" | "repeat" | "gap" {
  if (held === null || incoming === held + 1) return "next";
  return incoming <= held ? "repeat" : "gap";
}

export function boardReducer(state: BoardState, action: BoardAction): BoardState {
  switch (action.type) {
    case "snapshot": {
      const tickets = new Map<string, Ticket>();
      for (const ticket of action.tickets) if (belongs(state, ticket)) tickets.set(ticket.id, ticket);
      return { ...state, seq: action.seq, generation: state.generation + 1, tickets, departed: new Map() };
    }
    case "event":
      return applyEvent(state, action.message);
    case "pages": {
      if (action.generation !== state.generation) return state;
      // One copy of the maps for the whole batch: a copy per ticket made 2,000 tickets quadratic.
      const next = { ...state, tickets: new Map(state.tickets), departed: new Map(state.departed) };
      for (const ticket of action.tickets) place(next, ticket, "keep-equal");
      return next;
    }
  }
}

function applyEvent(state: BoardState, message: EventMessage): BoardState {
  // A repeat (a replay overlapping what was already applied) changes nothing, not even the seq.
  if (state.seq !== null && message.seq <= state.seq) return state;
  const advanced = { ...state, seq: message.seq };
  if (message.type === "ticket.deleted" && message.ticketId) return depart(advanced, message.ticketId, Infinity);
  if (message.ticket) return upsert(advanced, message.ticket, "replace-equal");
  return advanced;
}

/**
 * Puts a newer copy of `ticket` on the board, or takes it off when it left the active statuses or
 * the team. An older copy than the one held (or than the one it left at) is ignored. At an equal
 * version an event's copy wins (an SLA event recomputes the sla block without a new version); a
 * page's copy does not (it was read before the events now held).
 */
function upsert(state: BoardState, ticket: Ticket, equal: "replace-equal" | "keep-equal"): BoardState {
  const next = { ...state, tickets: new Map(state.tickets), departed: new Map(state.departed) };
  return place(next, ticket, equal) ? next : state;
}

/** `upsert` on maps the caller owns: true when it changed them. */
function place(board: BoardState & { tickets: Map<string, Ticket>; departed: Map<string, number> }, ticket: Ticket, equal: "replace-equal" | "keep-equal"): boolean {
  const held = board.tickets.get(ticket.id)?.version ?? board.departed.get(ticket.id);
  if (held !== undefined && (ticket.version < held || (ticket.version === held && equal === "keep-equal"))) return false;
  if (belongs(board, ticket)) {
    board.tickets.set(ticket.id, ticket);
    board.departed.delete(ticket.id);
  } else {
    // Remembered even when it was not on the board: a partial snapshot's pages may still hold it.
    board.tickets.delete(ticket.id);
    board.departed.set(ticket.id, ticket.version);
  }
  return true;
}

function depart(state: BoardState, id: string, version: number): BoardState {
  const tickets = new Map(state.tickets);
  tickets.delete(id);
  return { ...state, tickets, departed: new Map(state.departed).set(id, version) };
}

const belongs = (state: BoardState, ticket: Ticket) => ticket.teamId === state.teamId && isActive(ticket);

/**
 * The board's order: the worst band first, then the highest risk percent, then the earliest
 * governing deadline; tickets without an SLA last; the key settles the rest so cards never jump.
 */
export function compareByRisk(a: Ticket, b: Ticket): number {
  const rankA = a.sla ? BAND_RANK[a.sla.risk] : -1;
  const rankB = b.sla ? BAND_RANK[b.sla.risk] : -1;
  if (rankA !== rankB) return rankB - rankA;
  const percentA = a.sla?.riskPercent ?? -1;
  const percentB = b.sla?.riskPercent ?? -1;
  if (percentA !== percentB) return percentB - percentA;
  const dueA = dueOf(a);
  const dueB = dueOf(b);
  if (dueA !== dueB) return dueA < dueB ? -1 : 1;
  return byKey.compare(a.key, b.key);
}

/** OPS-2 before OPS-10. One collator for every comparison: localeCompare with options builds one per call. */
const byKey = new Intl.Collator("en", { numeric: true });

/**
 * A ticket's governing deadline for sorting, parsed once per copy of the ticket (copies are never
 * changed, a change brings a new one): the board sorts all its tickets on every event, so a
 * comparison must not parse dates (bench/board.mjs, 2,000 tickets).
 */
const dueByTicket = new WeakMap<Ticket, number>();
function dueOf(ticket: Ticket): number {
  let due = dueByTicket.get(ticket);
  if (due === undefined) {
    due = governingDue(ticket)?.dueAt ?? Infinity;
    dueByTicket.set(ticket, due);
  }
  return due;
}

export function sortedTickets(state: Pick<BoardState, "tickets">): Ticket[] {
  return [...state.tickets.values()].sort(compareByRisk);
}
