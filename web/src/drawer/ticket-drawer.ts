// The ticket drawer (contract §11): a modal dialog with the ticket's fields, status and assignee
// (written with If-Match), comments, history and SLA timeline. The native <dialog> keeps focus
// inside while open and closes on Escape; the shell puts focus back on the card afterwards.
import { html } from "htm/preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { allPages, ApiError } from "../api/client";
import type { Comment, HistoryEntry, SlaMetric, SlaTimeline, Team, TeamMember, Ticket } from "../api/types";
import { BAND_LABELS } from "../board/sla";
import { useApp } from "../context";
import { formatMinutes } from "../time/countdown";
import { errorText } from "../ui/errors";
import { describeHistoryEntry, describeTimelineEntry, formatWhen, statusWords } from "./describe";
import { movesFor } from "../../../src/domain/ticket-status";

interface DrawerProps {
  ticketId: string;
  /** The newest copy the live room sent, if any: it wins over the drawer's own when newer. */
  liveTicket: Ticket | null;
  team: Team | null;
  /** Bumped on every comment.added of this ticket. */
  commentTick: number;
  onClose: () => void;
}

type Message = { kind: "done" | "failed"; text: string };

const CONFLICT = "Someone else changed this ticket; reloaded.";

export function TicketDrawer({ ticketId, liveTicket, team, commentTick, onClose }: DrawerProps) {
  const { api } = useApp();
  const dialog = useRef<HTMLDialogElement>(null);
  const [loaded, setLoaded] = useState<Ticket | null>(null);
  const [members, setMembers] = useState<TeamMember[]>(team?.members ?? []);
  const [comments, setComments] = useState<Comment[] | null>(null);
  const [history, setHistory] = useState<HistoryEntry[] | null>(null);
  const [timeline, setTimeline] = useState<SlaTimeline | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const ticket = loaded && liveTicket ? (liveTicket.version >= loaded.version ? liveTicket : loaded) : (loaded ?? liveTicket);
  const path = `/tickets/${encodeURIComponent(ticketId)}`;

  useEffect(() => {
    const element = dialog.current!;
    element.showModal();
    return () => element.close();
  }, []);

  const loadTicket = useCallback(async () => {
    const fresh = await api.get<Ticket>(path);
    setLoaded(fresh);
    return fresh;
  }, [api, path]);
  const loadDetails = useCallback(async () => {
    const [entries, sla] = await Promise.all([api.get<{ items: HistoryEntry[] }>(`${path}/history`), api.get<SlaTimeline>(`${path}/sla`)]);
    setHistory(entries.items);
    setTimeline(sla);
  }, [api, path]);

  useEffect(() => {
    loadTicket()
      .then((fresh) => api.get<Team>(`/teams/${encodeURIComponent(fresh.teamId)}`))
      .then((owner) => setMembers(owner.members ?? []))
      .catch((err) => setLoadError(errorText(err)));
  }, [api, loadTicket]);
  // Again whenever the room sends a newer copy: a status change, an assignment or an SLA crossing adds to both lists.
  useEffect(() => {
    loadDetails().catch((err) => setLoadError(errorText(err)));
  }, [loadDetails, liveTicket]);
  useEffect(() => {
    allPages<Comment>(api, `${path}/comments`)
      .then(setComments)
      .catch((err) => setLoadError(errorText(err)));
  }, [api, path, commentTick]);

  /** Runs a write that sends If-Match; a stale version reloads the ticket and says so. */
  const write = async (action: () => Promise<Ticket>, done: string) => {
    setMessage(null);
    try {
      setLoaded(await action());
      setMessage({ kind: "done", text: done });
    } catch (err) {
      if (err instanceof ApiError && err.code === "E_VERSION_CONFLICT") {
        setMessage({ kind: "failed", text: CONFLICT });
        await loadTicket().catch(() => undefined);
      } else {
        setMessage({ kind: "failed", text: errorText(err) });
      }
    }
    await loadDetails().catch(() => undefined);
  };

  const changeStatus = (status: string) =>
    write(() => api.patch<Ticket>(`${path}/status`, { body: { status }, headers: { "If-Match": String(ticket!.version) } }), `Status changed to ${statusWords(status)}.`);
  const assign = (assigneeId: string | null) =>
    write(
      () => api.post<Ticket>(`${path}/assign`, { body: { assigneeId }, headers: { "If-Match": String(ticket!.version) } }),
      assigneeId ? `Assigned to ${members.find((m) => m.userId === assigneeId)?.name ?? "them"}.` : "Unassigned.",
    );
  const addComment = async (body: string, isPublic: boolean) => {
    const comment = await api.post<Comment>(`${path}/comments`, { body: { body, public: isPublic }, headers: { "Idempotency-Key": crypto.randomUUID() } });
    setComments((list) => (list && !list.some((c) => c.id === comment.id) ? [...list, comment] : list));
  };

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
          <${Fields} ticket=${ticket} />
          <${Actions} ticket=${ticket} members=${members} onStatus=${changeStatus} onAssign=${assign} />
          <${SlaSection} timeline=${timeline} />
          <${Comments} comments=${comments} onAdd=${addComment} />
          <${History} history=${history} />
        `}
      </div>
    </dialog>
  `;
}

function Fields({ ticket }: { ticket: Ticket }) {
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

interface ActionsProps {
  ticket: Ticket;
  members: TeamMember[];
  onStatus: (status: string) => Promise<void>;
  onAssign: (assigneeId: string | null) => Promise<void>;
}

function Actions({ ticket, members, onStatus, onAssign }: ActionsProps) {
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

function metricLine(name: string, metric: SlaMetric | null): string {
  if (!metric) return `${name}: no SLA`;
  const due = metric.dueAt && metric.state !== "met" ? `, due ${formatWhen(metric.dueAt)}` : "";
  return `${name}: ${metric.state} — ${formatMinutes(metric.elapsedMinutes)} of ${formatMinutes(metric.targetMinutes)} (${metric.percent}%)${due}`;
}

function SlaSection({ timeline }: { timeline: SlaTimeline | null }) {
  return html`
    <section aria-labelledby="drawer-sla">
      <h3 id="drawer-sla">SLA</h3>
      ${!timeline
        ? html`<p>Loading…</p>`
        : html`
            <ul class="plain">
              <li>${metricLine("Response", timeline.response)}</li>
              <li>${metricLine("Resolution", timeline.resolution)}</li>
            </ul>
            <h4>Timeline</h4>
            ${timeline.timeline.length === 0
              ? html`<p>No SLA policy governs this ticket.</p>`
              : html`<ol class="timeline" data-testid="sla-timeline">
                  ${timeline.timeline.map((entry, i) => html`<li key=${i}>${describeTimelineEntry(entry)}</li>`)}
                </ol>`}
          `}
    </section>
  `;
}

function Comments({ comments, onAdd }: { comments: Comment[] | null; onAdd: (body: string, isPublic: boolean) => Promise<void> }) {
  const { user, nameOf } = useApp();
  const [body, setBody] = useState("");
  const [isPublic, setPublic] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const staff = user.role !== "requester";

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!body.trim()) return setError("Write something first.");
    setBusy(true);
    setError(null);
    try {
      await onAdd(body, staff ? isPublic : true);
      setBody("");
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return html`
    <section aria-labelledby="drawer-comments">
      <h3 id="drawer-comments">Comments</h3>
      ${!comments
        ? html`<p>Loading…</p>`
        : comments.length === 0
          ? html`<p>No comments yet.</p>`
          : html`<ol class="comments">
              ${comments.map(
                (c) => html`<li key=${c.id} class=${c.public ? "" : "internal"}>
                  <p class="comment-meta">
                    <strong>${nameOf(c.authorId)}</strong> · ${formatWhen(c.createdAt)}${!c.public && html` · <span class="internal-badge">Internal note</span>`}
                  </p>
                  <p class="comment-body">${c.body}</p>
                </li>`,
              )}
            </ol>`}
      <form onSubmit=${submit}>
        <label for="comment-body">Add a comment</label>
        <textarea id="comment-body" rows="3" value=${body} onInput=${(e: Event) => setBody((e.currentTarget as HTMLTextAreaElement).value)}></textarea>
        ${staff &&
        html`<div class="checkbox">
          <input id="comment-public" type="checkbox" checked=${isPublic} onChange=${(e: Event) => setPublic((e.currentTarget as HTMLInputElement).checked)} />
          <label for="comment-public">Public: the requester sees it (unticked: an internal note)</label>
        </div>`}
        ${error && html`<p class="error" role="alert">${error}</p>`}
        <button type="submit" disabled=${busy}>Add comment</button>
      </form>
    </section>
  `;
}

function History({ history }: { history: HistoryEntry[] | null }) {
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
