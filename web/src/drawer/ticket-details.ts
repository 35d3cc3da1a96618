// The drawer's "Details" section: the ticket's description and its fields as a definition list.
import { html } from "htm/preact";
import type { Ticket } from "../api/types";
import { BAND_LABELS } from "../board/sla";
import { useApp } from "../context";
import { formatWhen, statusWords } from "./describe";

export function TicketDetails({ ticket }: { ticket: Ticket }) {
  const { nameOf } = useApp();
  const rows: [string, string][] = [
    ["Status", statusWords(ticket.status)],
    ["Priority", ticket.priority],
    ["Risk", ticket.sla ? `${BAND_LABELS[ticket.sla.risk]} (${ticket.sla.riskPercent}%)` : "No SLA"],
    ["Assignee", ticket.assigneeId ? nameOf(ticket.assigneeId) : "Unassigned"],
    ["Requester", nameOf(ticket.requesterId)],
    ["Category", ticket.category ?? "none"],
    ["Customer", ticket.customer ?? "none"],
    ["Tags", ticket.tags.length ? ticket.tags.join(", ") : "none"],
    ["Escalation level", String(ticket.escalationLevel)],
    ["Reopened", `${ticket.reopenCount} times`],
    ["Created", formatWhen(ticket.createdAt)],
    ["Updated", formatWhen(ticket.updatedAt)],
  ];
  return html`
    <section aria-labelledby="drawer-fields">
      <h3 id="drawer-fields">Details</h3>
      <p class="description">${ticket.description}</p>
      <dl class="fields">${rows.map(([term, value]) => html`<div key=${term}><dt>${term}</dt><dd>${value}</dd></div>`)}</dl>
    </section>
  `;
}
