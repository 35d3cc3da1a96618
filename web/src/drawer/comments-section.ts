// The drawer's "Comments" section: the ticket's comments (internal notes marked as such) and a form
// to add one; staff choose whether it is public, a requester's always is.
import { html } from "htm/preact";
import { useState } from "preact/hooks";
import type { Comment } from "../api/types";
import { useApp } from "../context";
import { errorText } from "../ui/errors";
import { formatWhen } from "./describe";

export function CommentsSection({ comments, onAdd }: { comments: Comment[] | null; onAdd: (body: string, isPublic: boolean) => Promise<void> }) {
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
