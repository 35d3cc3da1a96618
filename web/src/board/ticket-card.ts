// One ticket on the board: key, title, band colour and band name (never colour alone), assignee,
// and the countdown to its governing deadline. A card re-renders only when its ticket changes; the
// countdown inside it ticks on its own.
import { Component } from "preact";
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import type { Ticket } from "../api/types";
import { useApp } from "../context";
import { formatWhen, statusWords } from "../drawer/describe";
import { countdown, type Countdown } from "../time/countdown";
import { onTick } from "../time/ticker";
import { BAND_LABELS, governingDue, type GoverningDue } from "./sla";

interface CardProps {
  ticket: Ticket;
  onOpen: (ticketId: string) => void;
}

export class TicketCard extends Component<CardProps> {
  override shouldComponentUpdate(next: CardProps): boolean {
    return next.ticket !== this.props.ticket || next.onOpen !== this.props.onOpen;
  }

  override render({ ticket, onOpen }: CardProps) {
    return html`<${CardBody} ticket=${ticket} onOpen=${onOpen} />`;
  }
}

function CardBody({ ticket, onOpen }: CardProps) {
  const { nameOf } = useApp();
  const band = ticket.sla?.risk ?? "none";
  const governing = governingDue(ticket);
  return html`
    <li class=${`card band-${band}`} data-testid="ticket-card" data-ticket-id=${ticket.id} data-ticket-key=${ticket.key} data-version=${ticket.version} data-band=${band}>
      <button type="button" class="card-open" aria-haspopup="dialog" onClick=${() => onOpen(ticket.id)}>
        <span class="card-top">
          <span class="card-key">${ticket.key}</span>
          <span class=${`band-badge band-${band}`} data-testid="band">${ticket.sla ? BAND_LABELS[ticket.sla.risk] : "No SLA"}</span>
          ${ticket.sla && html`<span class="card-percent">${ticket.sla.riskPercent}%</span>`}
        </span>
        <span class="card-title">${ticket.title}</span>
        <span class="card-meta">
          <span>${ticket.priority}</span>
          <span>${statusWords(ticket.status)}</span>
          <span class="card-assignee">${ticket.assigneeId ? nameOf(ticket.assigneeId) : "Unassigned"}</span>
        </span>
        <${CountdownLine} governing=${governing} />
      </button>
    </li>
  `;
}

/**
 * The countdown of `governing`, following the page's one tick. It re-renders only when its words
 * change: a board of thousands of cards mostly reads "3 h 05 min", which changes once a minute.
 */
function useCountdown(governing: GoverningDue | null): Countdown {
  const [clock, setClock] = useState(() => countdown(governing, Date.now()));
  const { metric, dueAt, state } = governing ?? {};
  useEffect(() => {
    const update = (now: number) => {
      const next = countdown(governing, now);
      setClock((shown) => (shown.text === next.text && shown.kind === next.kind ? shown : next));
    };
    update(Date.now());
    return onTick(update);
  }, [metric, dueAt, state]);
  return clock;
}

function CountdownLine({ governing }: { governing: GoverningDue | null }) {
  const clock = useCountdown(governing);
  const metric = governing ? (governing.metric === "response" ? "Response" : "Resolution") : null;
  return html`
    <span class=${`card-countdown countdown-${clock.kind}`}>
      ${metric && html`<span class="countdown-label">${clock.kind === "running" ? `${metric} due in` : metric} </span>`}
      <time data-testid="countdown" data-kind=${clock.kind} datetime=${governing ? new Date(governing.dueAt).toISOString() : undefined}
        title=${governing ? `Due ${formatWhen(governing.dueAt)}` : undefined}>${clock.text}</time>
    </span>
  `;
}
