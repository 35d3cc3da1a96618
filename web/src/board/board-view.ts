// The live board (contract §11): the team's active tickets, worst risk first, each card ticking
// down to its governing deadline; a banner while the room is out of reach.
import { html } from "htm/preact";
import { useEffect, useMemo } from "preact/hooks";
import type { Team } from "../api/types";
import type { LiveBoard } from "./use-board";
import { sortedTickets } from "./state";
import { TicketCard } from "./ticket-card";

interface BoardViewProps {
  team: Team;
  teams: readonly Team[];
  live: LiveBoard;
  onPickTeam: (teamId: string) => void;
  onOpenTicket: (ticketId: string) => void;
}

export function BoardView({ team, teams, live, onPickTeam, onOpenTicket }: BoardViewProps) {
  const tickets = useMemo(() => sortedTickets(live.board), [live.board.tickets]);
  useEffect(() => {
    document.title = `${team.name} board — slaguard`;
  }, [team.name]);

  return html`
    <section class="board-section" aria-labelledby="board-heading">
      <div class="board-toolbar">
        <h1 id="board-heading">${team.name}</h1>
        <div class="team-picker">
          <label for="team-picker">Team</label>
          <select id="team-picker" value=${team.id} onChange=${(e: Event) => onPickTeam((e.currentTarget as HTMLSelectElement).value)}>
            ${teams.map((each) => html`<option key=${each.id} value=${each.id}>${each.name} (${each.key})</option>`)}
          </select>
        </div>
        <p class="live-state" data-testid="live-state" data-status=${live.status}>
          ${live.status === "live" ? "Live" : live.status === "connecting" ? "Connecting…" : "Offline"}
        </p>
      </div>
      <div class="banner-region" role="status" aria-live="polite">
        ${live.status === "reconnecting" && html`<p class="banner" data-testid="live-banner">Reconnecting… The board shows the last state received and catches up once the connection is back.</p>`}
      </div>
      ${!live.loaded
        ? html`<p class="board-empty">Loading the board…</p>`
        : tickets.length === 0
          ? html`<p class="board-empty">No active tickets. All clear.</p>`
          : html`<p class="board-count">${tickets.length} active ${tickets.length === 1 ? "ticket" : "tickets"}, highest risk first.</p>
              <ul class="board" aria-labelledby="board-heading" data-testid="board">
                ${tickets.map((ticket) => html`<${TicketCard} key=${ticket.id} ticket=${ticket} onOpen=${onOpenTicket} />`)}
              </ul>`}
    </section>
  `;
}
