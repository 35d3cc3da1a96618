// The drawer's "History" section: who changed what on the ticket, and when.
import { html } from "htm/preact";
import type { HistoryEntry } from "../api/types";
import { useApp } from "../context";
import { describeHistoryEntry, formatWhen } from "./describe";

export function HistorySection({ history }: { history: HistoryEntry[] | null }) {
  const { nameOf } = useApp();
  return html`
    <section aria-labelledby="drawer-history">
      <h3 id="drawer-history">History</h3>
      ${!history
        ? html`<p>Loading…</p>`
        : html`<ol class="history">
            ${history.map((entry, i) => {
              const { actor, text } = describeHistoryEntry(entry, nameOf);
              return html`<li key=${i}>${formatWhen(entry.at)} — <strong>${actor}</strong> ${text}</li>`;
            })}
          </ol>`}
    </section>
  `;
}
