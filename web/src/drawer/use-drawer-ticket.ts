// The drawer's ticket and what hangs off it (team members, comments, history, SLA timeline), kept
// fresh as the live room reports changes, and the drawer's writes: status and assignee (with
// If-Match; a stale version reloads the ticket and says so) and new comments.
import { useCallback, useEffect, useState } from "preact/hooks";
import { allPages, ApiError } from "../api/client";
import type { Comment, HistoryEntry, SlaTimeline, Team, TeamMember, Ticket } from "../api/types";
import { useApp } from "../context";
import { errorText } from "../ui/errors";
import { statusWords } from "./describe";

export interface DrawerTicketSource {
  ticketId: string;
  /** The newest copy the live room sent, if any: it wins over the drawer's own when newer. */
  liveTicket: Ticket | null;
  team: Team | null;
  /** Bumped on every comment.added of this ticket. */
  commentTick: number;
}

type Message = { kind: "done" | "failed"; text: string };

const CONFLICT = "Someone else changed this ticket; reloaded.";

export function useDrawerTicket({ ticketId, liveTicket, team, commentTick }: DrawerTicketSource) {
  const { api } = useApp();
  const [loaded, setLoaded] = useState<Ticket | null>(null);
  const [members, setMembers] = useState<TeamMember[]>(team?.members ?? []);
  const [comments, setComments] = useState<Comment[] | null>(null);
  const [history, setHistory] = useState<HistoryEntry[] | null>(null);
  const [timeline, setTimeline] = useState<SlaTimeline | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const ticket = loaded && liveTicket ? (liveTicket.version >= loaded.version ? liveTicket : loaded) : (loaded ?? liveTicket);
  const path = `/tickets/${encodeURIComponent(ticketId)}`;

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

  return { ticket, members, comments, history, timeline, loadError, message, changeStatus, assign, addComment };
}
