// The signed-in page: header (navigation, notifications, sign-out), the board or the reports, and
// the ticket drawer. The team's live room stays connected across both views: its events also keep
// the bell and an open drawer current.
import { html } from "htm/preact";
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { ApiClient } from "./api/client";
import type { EventMessage, Team, Ticket, User } from "./api/types";
import { BoardView } from "./board/board-view";
import { useLiveBoard } from "./board/use-board";
import { AppContext, type AppContextValue } from "./context";
import { TicketDrawer } from "./drawer/ticket-drawer";
import { Bell } from "./notifications/bell";
import { followLink, type Route } from "./router";
import { initialTeamId, peopleNames, rememberTeam, watchableTeams } from "./teams";
import { errorText } from "./ui/errors";

type ReportsModule = typeof import("./reports/reports-view");

export function Shell({ api, user, route, onSignOut }: { api: ApiClient; user: User; route: Route; onSignOut: () => void }) {
  const [teams, setTeams] = useState<Team[] | null>(null);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(() => new Map([[user.id, user.name]]));
  const [loadError, setLoadError] = useState<string | null>(null);
  const [teamId, setTeamId] = useState<string | null>(null);
  const [openTicketId, setOpenTicketId] = useState<string | null>(null);
  /** The newest copy of the open ticket that the room sent (it may have left the board). */
  const [drawerLive, setDrawerLive] = useState<Ticket | null>(null);
  const [commentTick, setCommentTick] = useState(0);
  const [bellPoke, setBellPoke] = useState(0);
  const [reports, setReports] = useState<ReportsModule | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const openId = useRef<string | null>(null);
  openId.current = openTicketId;

  useEffect(() => {
    let current = true;
    (async () => {
      const watchable = await watchableTeams(api, user);
      const people = await peopleNames(api, user, watchable);
      if (!current) return;
      setTeams(watchable);
      setNames(people);
      setTeamId(initialTeamId(watchable));
    })().catch((err) => current && setLoadError(errorText(err)));
    return () => {
      current = false;
    };
  }, [api, user]);

  useEffect(() => {
    if (route === "reports" && !reports) {
      import("./reports/reports-view").then(setReports, () => setLoadError("The reports could not be loaded. Reload the page to try again."));
    }
  }, [route, reports]);

  const onEvent = useCallback((message: EventMessage) => {
    setBellPoke((n) => n + 1);
    if (message.ticketId === undefined || message.ticketId !== openId.current) return;
    if (message.ticket) setDrawerLive(message.ticket);
    if (message.type === "comment.added") setCommentTick((n) => n + 1);
  }, []);
  const live = useLiveBoard(api, teamId, onEvent);

  const context = useMemo<AppContextValue>(() => ({ api, user, nameOf: (id) => nameOf(names, id) }), [api, user, names]);
  const team = teams?.find((each) => each.id === teamId) ?? null;

  const pickTeam = (id: string) => {
    rememberTeam(id);
    setTeamId(id);
  };
  // Stable: every card takes it as a prop, and a new function would re-render the whole board.
  const openTicket = useCallback((id: string) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setDrawerLive(null);
    setOpenTicketId(id);
  }, []);
  const closeTicket = () => setOpenTicketId(null);
  // Once the dialog is gone (while open, the rest of the page is inert and cannot take focus): back
  // where the person was, the card they opened, if it is still on the page.
  useEffect(() => {
    if (openTicketId !== null || !opener.current) return;
    if (opener.current.isConnected) opener.current.focus();
    opener.current = null;
  }, [openTicketId]);

  const main = (() => {
    if (loadError) return html`<p class="error" role="alert">${loadError}</p>`;
    if (!teams) return html`<p>Loading…</p>`;
    if (route === "reports") {
      return reports ? html`<${reports.ReportsView} teams=${teams} />` : html`<p>Loading the reports…</p>`;
    }
    if (route === "not-found") {
      return html`<h1>Page not found</h1><p><a href="/" onClick=${followLink}>Go to the board</a></p>`;
    }
    if (!team) {
      const why =
        user.role === "requester"
          ? "Boards show a team's work to its staff; the notifications about your own tickets are under the bell."
          : "Boards show the tickets of a team, and you are not a member of any team yet: ask a manager to add you to one.";
      return html`<h1>No board to show</h1><p>${why}</p>`;
    }
    return html`<${BoardView} team=${team} teams=${teams} live=${live} onPickTeam=${pickTeam} onOpenTicket=${openTicket} />`;
  })();

  return html`
    <${AppContext.Provider} value=${context}>
      <a class="skip-link" href="#main">Skip to main content</a>
      <header class="site-header">
        <p class="brand">slaguard</p>
        <nav aria-label="Main">
          <ul>
            <li><a href="/" onClick=${followLink} aria-current=${route === "board" ? "page" : undefined}>Board</a></li>
            ${user.role !== "requester" && html`<li><a href="/reports" onClick=${followLink} aria-current=${route === "reports" ? "page" : undefined}>Reports</a></li>`}
          </ul>
        </nav>
        <div class="header-tools">
          <${Bell} poke=${bellPoke} onOpenTicket=${openTicket} />
          <span class="who">${user.name}</span>
          <button type="button" onClick=${onSignOut}>Sign out</button>
        </div>
      </header>
      <main id="main" tabindex="-1">${main}</main>
      ${openTicketId &&
      html`<${TicketDrawer}
        key=${openTicketId}
        ticketId=${openTicketId}
        liveTicket=${newer(live.board.tickets.get(openTicketId) ?? null, drawerLive)}
        team=${team}
        commentTick=${commentTick}
        onClose=${closeTicket}
      />`}
    <//>
  `;
}

function nameOf(names: ReadonlyMap<string, string>, id: string | null): string {
  if (id === null) return "nobody";
  return names.get(id) ?? `someone (${id})`;
}

/** The copy with the higher version; at an equal one, the board's (it holds the newest sla block). */
function newer(a: Ticket | null, b: Ticket | null): Ticket | null {
  if (!a || !b) return a ?? b;
  return b.version > a.version ? b : a;
}
