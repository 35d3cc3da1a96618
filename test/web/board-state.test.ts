// The dashboard's board state (web/src/board/state.ts): a pure reducer over the live room's
// messages (contract §7), and the board's order (contract §11).
import { describe, expect, it } from "vitest";
import { boardReducer, emptyBoard, seqCheck, sortedTickets, type BoardAction, type BoardState } from "../../web/src/board/state";
import { event, TEAM, ticket, withRisk } from "./board-fixtures";

const apply = (state: BoardState, ...actions: BoardAction[]) => actions.reduce(boardReducer, state);
const snapshot = (seq: number, ...tickets: ReturnType<typeof ticket>[]): BoardAction => ({ type: "snapshot", seq, tickets });
const ids = (state: BoardState) => [...state.tickets.keys()].sort();

describe("board state", () => {
  it("takes the first snapshot as the board, keeping only the team's active tickets", () => {
    const board = apply(emptyBoard(TEAM), snapshot(7, ticket("1"), ticket("2", { status: "resolved" }), ticket("3", { teamId: "other" }), ticket("4", { status: "pending" })));
    expect(ids(board)).toEqual(["1", "4"]);
    expect(board.seq).toBe(7);
  });

  it("replaces the board with a snapshot that arrives mid-stream", () => {
    const board = apply(emptyBoard(TEAM), snapshot(1, ticket("1"), ticket("2")), event(2, "ticket.created", { ticket: ticket("3") }), snapshot(9, ticket("2", { version: 4 })));
    expect(ids(board)).toEqual(["2"]);
    expect(board.tickets.get("2")!.version).toBe(4);
    expect(board.seq).toBe(9);
  });

  it("adds, updates and removes tickets as events arrive, keeping the last seq", () => {
    let board = apply(emptyBoard(TEAM), snapshot(10, ticket("1")));
    board = apply(board, event(11, "ticket.created", { ticketId: "2", ticket: ticket("2") }));
    board = apply(board, event(12, "ticket.assigned", { ticketId: "1", ticket: ticket("1", { version: 2, assigneeId: "agent" }) }));
    expect(ids(board)).toEqual(["1", "2"]);
    expect(board.tickets.get("1")!.assigneeId).toBe("agent");
    board = apply(board, event(13, "ticket.deleted", { ticketId: "2" }));
    expect(ids(board)).toEqual(["1"]);
    expect(board.seq).toBe(13);
  });

  it("takes a ticket off when it leaves the active statuses or the team, and back on when it returns", () => {
    let board = apply(emptyBoard(TEAM), snapshot(1, ticket("1"), ticket("2")));
    board = apply(board, event(2, "ticket.status_changed", { ticketId: "1", ticket: ticket("1", { version: 2, status: "resolved" }) }));
    board = apply(board, event(3, "ticket.updated", { ticketId: "2", ticket: ticket("2", { version: 2, teamId: "other" }) }));
    expect(ids(board)).toEqual([]);
    board = apply(board, event(4, "ticket.status_changed", { ticketId: "1", ticket: ticket("1", { version: 3, status: "open", reopenCount: 1 }) }));
    expect(ids(board)).toEqual(["1"]);
  });

  it("ignores an event whose ticket is older than the one the board holds", () => {
    const board = apply(emptyBoard(TEAM), snapshot(1, ticket("1", { version: 5, title: "new title" })), event(2, "ticket.updated", { ticketId: "1", ticket: ticket("1", { version: 4, title: "old title" }) }));
    expect(board.tickets.get("1")!.title).toBe("new title");
    expect(board.seq).toBe(2);
  });

  it("takes an SLA event's copy at the same version: it carries the newer sla block", () => {
    const base = ticket("1", { version: 3 });
    const board = apply(emptyBoard(TEAM), snapshot(1, base), event(2, "sla.high_risk", { ticketId: "1", metric: "resolution", band: "high_risk", ticket: withRisk(base, 80) }));
    expect(board.tickets.get("1")!.sla!.risk).toBe("high_risk");
  });

  it("applies a replayed event only once", () => {
    const created = event(2, "ticket.created", { ticketId: "2", ticket: ticket("2") });
    const once = apply(emptyBoard(TEAM), snapshot(1, ticket("1")), created, event(3, "ticket.deleted", { ticketId: "2" }));
    expect(apply(once, created)).toBe(once);
  });

  it("keeps the seq on events that change no ticket (comments, attachments)", () => {
    const board = apply(emptyBoard(TEAM), snapshot(1, ticket("1")), event(2, "comment.added", { ticketId: "1" }));
    expect(board.seq).toBe(2);
    expect(ids(board)).toEqual(["1"]);
  });

  describe("a partial snapshot completed by pages of GET /tickets", () => {
    it("merges the pages by version", () => {
      let board = apply(emptyBoard(TEAM), snapshot(1, ticket("1", { version: 3, title: "fresh" })));
      board = apply(board, { type: "pages", generation: board.generation, tickets: [ticket("1", { version: 2, title: "stale" }), ticket("2"), ticket("3", { status: "closed" })] });
      expect(ids(board)).toEqual(["1", "2"]);
      expect(board.tickets.get("1")!.title).toBe("fresh");
    });

    it("does not bring back a ticket that left the board after the page was read", () => {
      let board = apply(emptyBoard(TEAM), snapshot(1, ticket("1")));
      board = apply(board, event(2, "ticket.status_changed", { ticketId: "2", ticket: ticket("2", { version: 2, status: "resolved" }) }));
      board = apply(board, event(3, "ticket.deleted", { ticketId: "3" }));
      board = apply(board, event(4, "ticket.status_changed", { ticketId: "1", ticket: ticket("1", { version: 2, status: "closed" }) }));
      board = apply(board, { type: "pages", generation: board.generation, tickets: [ticket("1"), ticket("2"), ticket("3", { version: 9 })] });
      expect(ids(board)).toEqual([]);
    });

    it("drops pages read for a snapshot that a newer one replaced", () => {
      let board = apply(emptyBoard(TEAM), snapshot(1, ticket("1")));
      const generation = board.generation;
      board = apply(board, snapshot(5, ticket("1")));
      expect(apply(board, { type: "pages", generation, tickets: [ticket("2")] })).toBe(board);
    });
  });

  it("tells the next message from a repeat and from a gap", () => {
    expect(seqCheck(null, 40)).toBe("next");
    expect(seqCheck(4, 5)).toBe("next");
    expect(seqCheck(4, 4)).toBe("repeat");
    expect(seqCheck(4, 2)).toBe("repeat");
    expect(seqCheck(4, 7)).toBe("gap");
  });
});

describe("board order", () => {
  it("puts the worst band first, then the higher risk, then the earlier deadline, then the key", () => {
    const tickets = [
      withRisk(ticket("1"), 20, 300),
      withRisk(ticket("2"), 80, 60),
      withRisk(ticket("3"), 120, -10),
      withRisk(ticket("4"), 80, 30),
      withRisk(ticket("5"), 55, 100),
      withRisk(ticket("6"), 90, 500),
      ticket("7", { sla: null }),
      withRisk(ticket("10"), 20, 300),
    ];
    const board = apply(emptyBoard(TEAM), snapshot(1, ...tickets));
    expect(sortedTickets(board).map((t) => t.id)).toEqual(["3", "6", "4", "2", "5", "1", "10", "7"]);
  });
});
