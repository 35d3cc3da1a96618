// Wires a team's board state to its live room: the socket's messages go through the pure reducer,
// a partial snapshot is completed from GET /tickets, a gap in `seq` resumes the stream from the
// last message applied.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { ApiClient } from "../api/client";
import type { EventMessage, LiveMessage, Page, Ticket } from "../api/types";
import { LiveConnection, type LiveStatus } from "../live/connection";
import { ACTIVE_STATUSES, boardReducer, emptyBoard, seqCheck, type BoardAction, type BoardState } from "./state";

/**
 * The board's state outside the component tree: the socket must read the seq of the last message
 * applied at the instant it reconnects, not as of the last render.
 */
class BoardStore {
  state: BoardState;
  private readonly listeners = new Set<() => void>();

  constructor(teamId: string) {
    this.state = emptyBoard(teamId);
  }

  dispatch(action: BoardAction): void {
    const next = boardReducer(this.state, action);
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export interface LiveBoard {
  board: BoardState;
  status: LiveStatus;
  /** Whether a snapshot has arrived: before it, the board is loading rather than empty. */
  loaded: boolean;
}

/**
 * The live board of `teamId` (none while null: nothing to watch). `onEvent` hears every event after
 * the board applied it (the drawer and the bell listen).
 */
export function useLiveBoard(api: ApiClient, teamId: string | null, onEvent: (message: EventMessage) => void): LiveBoard {
  const boardStore = useMemo(() => new BoardStore(teamId ?? ""), [teamId]);
  const [board, setBoard] = useState(boardStore.state);
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const eventListener = useRef(onEvent);
  eventListener.current = onEvent;

  useEffect(() => {
    setBoard(boardStore.state);
    if (teamId === null) return;
    const unsubscribe = boardStore.subscribe(() => setBoard(boardStore.state));
    const connection = new LiveConnection({
      teamId,
      api,
      accessToken: () => api.accessToken(),
      refresh: () => api.refresh(),
      lastSeq: () => boardStore.state.seq,
      onStatus: setStatus,
      onMessage: (message: LiveMessage) => {
        if (message.type === "snapshot" && "tickets" in message) {
          boardStore.dispatch({ type: "snapshot", seq: message.seq, tickets: message.tickets });
          if (message.partial) loadRemaining(api, boardStore, teamId).catch((err) => console.warn("The rest of the board could not be loaded:", err));
          return;
        }
        const event = message as EventMessage;
        if (typeof event.seq === "number" && seqCheck(boardStore.state.seq, event.seq) === "gap") return connection.resync();
        boardStore.dispatch({ type: "event", message: event });
        eventListener.current(event);
      },
    });
    connection.start();
    return () => {
      connection.stop();
      unsubscribe();
    };
  }, [api, boardStore, teamId]);

  // Right after a switch of team, until the effect has run, `board` is still the last team's.
  const current = board.teamId === boardStore.state.teamId ? board : boardStore.state;
  return { board: current, status, loaded: current.seq !== null };
}

/**
 * A partial snapshot holds the team's 500 most urgent active tickets: the rest come from the ticket
 * list and are merged (by version) in one go, so the board lays out its grid once rather than once
 * per page. A newer snapshot makes the pages moot.
 */
async function loadRemaining(api: ApiClient, store: BoardStore, teamId: string): Promise<void> {
  const generation = store.state.generation;
  const tickets: Ticket[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Ticket> = await api.get("/tickets", { query: { teamId, status: ACTIVE_STATUSES.join(","), limit: 200, cursor } });
    if (store.state.generation !== generation) return;
    tickets.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  store.dispatch({ type: "pages", generation, tickets });
}
