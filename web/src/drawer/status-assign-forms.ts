// The drawer's "Work on it" section: a form that moves the ticket to a status the user's role may
// choose, and one that assigns it to a member of its team (or nobody).
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import type { TeamMember, Ticket } from "../api/types";
import { useApp } from "../context";
import { statusWords } from "./describe";
import { movesFor } from "../../../src/domain/ticket-status";

interface StatusAssignProps {
  ticket: Ticket;
  members: TeamMember[];
  onStatus: (status: string) => Promise<void>;
  onAssign: (assigneeId: string | null) => Promise<void>;
}

export function StatusAssignForms({ ticket, members, onStatus, onAssign }: StatusAssignProps) {
  const { user } = useApp();
  const moves = movesFor(ticket.status, user.role);
  const [status, setStatus] = useState("");
  const [assignee, setAssignee] = useState(ticket.assigneeId ?? "");
  const [busy, setBusy] = useState(false);
  // A new version (from here, the room or a reload) resets the choices to what the ticket is now.
  useEffect(() => {
    setStatus("");
    setAssignee(ticket.assigneeId ?? "");
  }, [ticket.version, ticket.assigneeId]);

  const run = async (event: Event, action: () => Promise<void>) => {
    event.preventDefault();
    setBusy(true);
    await action();
    setBusy(false);
  };
  return html`
    <section aria-labelledby="drawer-actions">
      <h3 id="drawer-actions">Work on it</h3>
      <form class="inline-form" onSubmit=${(e: Event) => run(e, () => onStatus(status))}>
        <label for="drawer-status">Move to</label>
        <select id="drawer-status" value=${status} disabled=${moves.length === 0} onChange=${(e: Event) => setStatus((e.currentTarget as HTMLSelectElement).value)}>
          <option value="">Choose a status</option>
          ${moves.map((move) => html`<option key=${move} value=${move}>${statusWords(move)}</option>`)}
        </select>
        <button type="submit" disabled=${busy || status === ""}>Change status</button>
      </form>
      <form class="inline-form" onSubmit=${(e: Event) => run(e, () => onAssign(assignee || null))}>
        <label for="drawer-assignee">Assignee</label>
        <select id="drawer-assignee" value=${assignee} onChange=${(e: Event) => setAssignee((e.currentTarget as HTMLSelectElement).value)}>
          <option value="">Unassigned</option>
          ${members.map((m) => html`<option key=${m.userId} value=${m.userId}>${m.name}${m.available ? "" : " (unavailable)"}</option>`)}
        </select>
        <button type="submit" disabled=${busy || assignee === (ticket.assigneeId ?? "")}>Assign</button>
      </form>
    </section>
  `;
}
