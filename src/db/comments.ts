import { and, eq, sql, type SQL } from "drizzle-orm";
import { bound, inTableOrder } from "./insert-select";
import type { PageRequest } from "../http/pagination";
import type { Database } from "./client";
import { afterCursor, keysetOrder } from "./keyset";
import { comments, tickets } from "./schema";
import { meetResponse } from "./sla-metrics";
import { insertHistory, type HistoryEntry } from "./ticket-history";

export type CommentRow = typeof comments.$inferSelect;
export type CommentSortField = "createdAt";

/**
 * The statement that marks a comment on its ticket: `updated_at` moves (a comment is activity, so
 * `?sort=-updatedAt` shows recently discussed tickets first), and when `respondsFirst` the SLA's
 * first response is recorded. COALESCE keeps an earlier response, so two racing comments cannot
 * move it later, and no read-then-write gap exists. `version` stays: it guards field edits
 * (`If-Match`), and a comment changes none of the fields a client would overwrite, so bumping it
 * would only make concurrent edits fail with 412 for no lost update.
 */
export function touchTicketForComment(db: Database, ticketId: string, now: Date, respondsFirst: boolean) {
  const firstResponse = respondsFirst ? { firstRespondedAt: sql`COALESCE(${tickets.firstRespondedAt}, ${now.getTime()})` } : {};
  return db
    .update(tickets)
    .set({ ...firstResponse, updatedAt: now })
    .where(eq(tickets.id, ticketId));
}

/**
 * The statements of one comment, for a single `db.batch` (one transaction): the comment, its
 * history row and the ticket's touch stand or fall together. The full-text index follows the
 * comment by trigger inside the same transaction. `response` is set when the comment may be the
 * first response, with the business ms the response clock had counted at it.
 */
export function addCommentStatements(db: Database, comment: CommentRow, history: HistoryEntry, response: { elapsedMs: number | null } | null) {
  const respondsFirst = response !== null;
  return [
    db.insert(comments).values(comment),
    insertHistory(db, history),
    touchTicketForComment(db, comment.ticketId, comment.createdAt, respondsFirst),
    ...(response ? [meetResponse(db, comment.ticketId, comment.createdAt, response.elapsedMs)] : []),
  ] as const;
}

/** One keyset page (`limit + 1` rows) of a ticket's comments by (created_at, id); `publicOnly` leaves out internal notes. */
export function listComments(db: Database, ticketId: string, publicOnly: boolean, page: PageRequest<CommentSortField>) {
  return db
    .select()
    .from(comments)
    .where(
      and(
        eq(comments.ticketId, ticketId),
        publicOnly ? eq(comments.public, true) : undefined,
        afterCursor(comments.createdAt, comments.id, page.descending, page.cursor),
      ),
    )
    .orderBy(...keysetOrder(comments.createdAt, comments.id, page.descending))
    .limit(page.limit + 1);
}

/** A comment written by an automation (contract §9), only while `onlyIf` holds: it stands or falls with the change that fired the rule. */
export function insertCommentIf(db: Database, comment: CommentRow, onlyIf: SQL) {
  const row = {
    id: bound(comment.id),
    ticketId: tickets.id,
    authorId: bound(comment.authorId),
    body: bound(comment.body),
    public: bound(comment.public ? 1 : 0),
    createdAt: bound(comment.createdAt.getTime()),
  };
  return db.insert(comments).select(db.select(inTableOrder(comments, row)).from(tickets).where(and(eq(tickets.id, comment.ticketId), onlyIf)));
}
