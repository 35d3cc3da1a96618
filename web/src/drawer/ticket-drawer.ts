// The ticket drawer (contract §11): a modal dialog with the ticket's fields, status and assignee
// (written with If-Match), comments, history and SLA timeline. The native <dialog> keeps focus
// inside while open and closes on Escape; the shell puts focus back on the card afterwards.
import { html } from "htm/preact";
import { useEffect, useRef } from "preact/hooks";
import { CommentsSection } from "./comments-section";
import { HistorySection } from "./history-section";
import { SlaSection } from "./sla-section";
import { StatusAssignForms } from "./status-assign-forms";
import { TicketDetails } from "./ticket-details";
import { useDrawerTicket, type DrawerTicketSource } from "./use-drawer-ticket";

interface DrawerProps extends DrawerTicketSource {
  onClose: () => void;
}

export function TicketDrawer({ onClose, ...source }: DrawerProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const { ticket, members, comments, history, timeline, loadError, message, changeStatus, assign, addComment } = useDrawerTicket(source);

  useEffect(() => {
    const element = dialog.current!;
    element.showModal();
    return () => element.close();
  }, []);

  const onCancel = (event: Event) => {
    // Escape: the dialog closes through the shell's state, which also returns focus to the card.
    event.preventDefault();
    onClose();
  };
  const onBackdrop = (event: MouseEvent) => {
    if (event.target === dialog.current) onClose();
  };

  return html`
    <dialog ref=${dialog} class="drawer" aria-labelledby="drawer-title" data-testid="ticket-drawer" onCancel=${onCancel} onClick=${onBackdrop}>
      <div class="drawer-inner">
        <div class="drawer-head">
          <h2 id="drawer-title">${ticket ? html`<span class="drawer-key">${ticket.key}</span> ${ticket.title}` : "Loading the ticket…"}</h2>
          <button type="button" class="close" onClick=${onClose}>Close</button>
        </div>
        <div class="drawer-messages">
          ${loadError && html`<p class="error" role="alert">${loadError}</p>`}
          ${message && html`<p class=${message.kind === "done" ? "notice" : "error"} role=${message.kind === "done" ? "status" : "alert"} data-testid="drawer-message">${message.text}</p>`}
        </div>
        ${ticket &&
        html`
          <${TicketDetails} ticket=${ticket} />
          <${StatusAssignForms} ticket=${ticket} members=${members} onStatus=${changeStatus} onAssign=${assign} />
          <${SlaSection} timeline=${timeline} />
          <${CommentsSection} comments=${comments} onAdd=${addComment} />
          <${HistorySection} history=${history} />
        `}
      </div>
    </dialog>
  `;
}
