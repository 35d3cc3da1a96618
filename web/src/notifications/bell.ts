// The notifications bell (contract §6): the unread count, kept current by the page's one tick and
// by the live room's events; a panel with the latest notifications, to open, mark read, or read all.
import { html } from "htm/preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { Notification, Page } from "../api/types";
import { useApp } from "../context";
import { formatWhen } from "../drawer/describe";
import { onTick } from "../time/ticker";
import { errorText } from "../ui/errors";

/** How often the count is asked for when nothing happens on the board. */
const POLL_MS = 60_000;
/** Events come in bursts (a change and its SLA events): one count for the burst. */
const EVENT_SETTLE_MS = 1_000;

export function Bell({ poke, onOpenTicket }: { poke: number; onOpenTicket: (ticketId: string) => void }) {
  const { api } = useApp();
  const [count, setCount] = useState<number | null>(null);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Notification[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const lastAsked = useRef(0);
  const isOpen = useRef(open);
  isOpen.current = open;

  const refreshCount = useCallback(async () => {
    lastAsked.current = Date.now();
    try {
      setCount((await api.get<{ count: number }>("/notifications/unread-count")).count);
    } catch {
      // The next tick asks again; a missing count is not worth an alarm.
    }
  }, [api]);
  const loadList = useCallback(async () => {
    try {
      setItems((await api.get<Page<Notification>>("/notifications", { query: { limit: 20 } })).items);
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  }, [api]);

  useEffect(() => onTick((now) => void (now - lastAsked.current >= POLL_MS && refreshCount())), [refreshCount]);
  useEffect(() => {
    const settle = setTimeout(() => {
      void refreshCount();
      if (isOpen.current) void loadList();
    }, poke === 0 ? 0 : EVENT_SETTLE_MS);
    return () => clearTimeout(settle);
  }, [poke, refreshCount, loadList]);

  const toggle = () => {
    if (!open) void loadList();
    setOpen(!open);
  };
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const markRead = async (id: string) => {
    await api.post(`/notifications/${encodeURIComponent(id)}/read`).catch((err) => setError(errorText(err)));
    await Promise.all([loadList(), refreshCount()]);
  };
  const readAll = async () => {
    await api.post("/notifications/read-all").catch((err) => setError(errorText(err)));
    await Promise.all([loadList(), refreshCount()]);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape" && open) {
      event.stopPropagation();
      close();
    }
  };

  const unread = count ?? 0;
  return html`
    <div class="bell" onKeyDown=${onKeyDown}>
      <button type="button" ref=${button} class="bell-button" aria-expanded=${open} aria-controls="notifications-panel" onClick=${toggle}
        data-testid="bell" aria-label=${`Notifications, ${unread} unread`}>
        <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" focusable="false">
          <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
        </svg>
        ${unread > 0 && html`<span class="bell-count" aria-hidden="true" data-testid="unread-count">${unread > 99 ? "99+" : unread}</span>`}
      </button>
      <section id="notifications-panel" class="bell-panel" aria-labelledby="notifications-heading" hidden=${!open}>
        <div class="bell-panel-head">
          <h2 id="notifications-heading">Notifications</h2>
          <button type="button" onClick=${readAll} disabled=${unread === 0}>Mark all read</button>
        </div>
        ${error && html`<p class="error" role="alert">${error}</p>`}
        ${!items
          ? html`<p>Loading…</p>`
          : items.length === 0
            ? html`<p>Nothing yet.</p>`
            : html`<ul class="notifications">
                ${items.map(
                  (n) => html`<li key=${n.id} class=${n.read ? "read" : "unread"}>
                    <p>${!n.read && html`<span class="visually-hidden">Unread: </span>`}${n.message}</p>
                    <p class="notification-meta">
                      ${formatWhen(n.createdAt)}
                      ${n.ticketId && html`<button type="button" class="link" onClick=${() => { close(); onOpenTicket(n.ticketId!); }}>Open ${n.ticketKey ?? "the ticket"}</button>`}
                      ${!n.read && html`<button type="button" class="link" onClick=${() => markRead(n.id)}>Mark read</button>`}
                    </p>
                  </li>`,
                )}
              </ul>`}
      </section>
    </div>
  `;
}
