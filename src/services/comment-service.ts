import { addCommentStatements, listComments, type CommentRow, type CommentSortField } from "../db/comments";
import { isForeignKeyViolation } from "../db/constraint";
import { countLiveChange } from "../db/teams";
import { isStaff } from "../domain/roles";
import { canSeeComment } from "../domain/ticket-access";
import { ApiError } from "../http/errors";
import { byCreatedAt, toPage, type PageRequest } from "../http/pagination";
import { commentEvent, ticketEvent } from "../live/publish";
import { selectTicket } from "../db/tickets";
import type { BatchItem } from "drizzle-orm/batch";
import { storedClocks, type TicketWithClocks } from "./ticket-sla";
import { countedMs } from "../domain/sla-clock";
import { automationsOfEvent } from "./ticket-write";
import { ticketNoticeStatements } from "../db/outbox";
import { deliveryIdsOf } from "../notify/delivery-queue";
import { commentNotice } from "../notify/ticket-notices";
import type { ActionContext } from "./context";
import { visibleTicket, visibleTicketWithRules } from "./ticket-access";

type Reader = Pick<ActionContext, "db" | "caller">;

export type NewCommentInput = { body: string; public: boolean };

/**
 * Adds a comment to a ticket the caller may see. Requesters write public comments only. The
 * comment, its history row and the ticket's touch (with the SLA's first response when this is a
 * public comment by staff, contract §4) are one batch.
 */
export async function addComment(ctx: ActionContext, ticketIdOrKey: string, input: NewCommentInput): Promise<CommentRow> {
  const { db, caller, now } = ctx;
  const { ticket, rules: commentRules } = await visibleTicketWithRules(db, caller, ticketIdOrKey, "comment.added");
  if (!canSeeComment(caller.role, input)) throw ApiError.forbidden("Requesters write public comments only.");

  const comment: CommentRow = { id: crypto.randomUUID(), ticketId: ticket.id, authorId: caller.id, body: input.body, public: input.public, createdAt: now };
  const history = { ticketId: ticket.id, at: now, actorId: caller.id, action: "comment_added", to: { commentId: comment.id, public: comment.public }, ip: ctx.ip };
  const stored = storedClocks(ticket);
  const response = comment.public && isStaff(caller.role) ? { elapsedMs: stored ? countedMs(stored.governance.calendar, stored.clocks.response, now.getTime()) : null } : null;
  const notices = ticketNoticeStatements(db, { ...commentNotice(caller.id, ticket, comment), ticketId: ticket.id }, crypto.randomUUID(), now.getTime());
  const rules = await automationsOfEvent(ctx, "comment.added", ticket, commentRules);
  try {
    const statements: [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]] = [...addCommentStatements(db, comment, history, response), countLiveChange(db, [ticket.teamId]), ...notices];
    statements.push(...rules.statements, ...(rules.changed ? [selectTicket(db, ticket.id)] : []));
    const results: unknown[] = await db.batch(statements);
    ctx.enqueue?.(deliveryIdsOf(results));
    const [changed] = rules.changed ? (results.at(-1) as TicketWithClocks[]) : [];
    if (changed) ctx.publish?.(changed.teamId, ticketEvent("ticket.updated", changed, now));
  } catch (err) {
    // The ticket was deleted between the read above and the batch.
    if (isForeignKeyViolation(err)) throw ApiError.notFound("ticket");
    throw err;
  }
  ctx.publish?.(ticket.teamId, commentEvent(ticket, comment));
  return comment;
}

/** One page of the comments of a visible ticket that the caller may read, oldest first unless `-createdAt`. */
export async function listTicketComments(ctx: Reader, ticketIdOrKey: string, page: PageRequest<CommentSortField>) {
  const ticket = await visibleTicket(ctx.db, ctx.caller, ticketIdOrKey);
  // Filtered in the query, not after it, so that every page is full and the cursor stays right.
  const publicOnly = !canSeeComment(ctx.caller.role, { public: false });
  const rows = await listComments(ctx.db, ticket.id, publicOnly, page);
  return toPage(rows, page.limit, byCreatedAt);
}
