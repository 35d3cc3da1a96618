import { putMetricAtVersion } from "../db/sla-metrics";
import { historyOf, insertHistoryAtVersion } from "../db/ticket-history";
import { listTickets, ticketSortValue, type TicketSortField } from "../db/ticket-list";
import { countLiveChange, countLiveChangeOfTicket } from "../db/teams";
import { deleteTicketRow, insertTicketStatements, selectTicket, ticketIsAt, type TicketFilter } from "../db/tickets";
import { findUserInOrg } from "../db/users";
import { isStaff } from "../domain/roles";
import { toFtsQuery } from "../domain/search-query";
import { ticketScope } from "../domain/ticket-access";
import { worstFirst } from "../domain/sla-view";
import { ACTIVE_STATUSES, normalizeTags, type Priority } from "../domain/ticket-fields";
import { riskRanks } from "../domain/risk";
import type { Caller } from "../env";
import { requireCurrentAccount } from "../http/account-check";
import { ApiError } from "../http/errors";
import { toPage, type PageRequest } from "../http/pagination";
import { deletedEvent, ticketEvent } from "../live/publish";
import { ticketNoticeStatements } from "../db/outbox";
import { deliveryIdsOf } from "../notify/delivery-queue";
import { createdNotice } from "../notify/ticket-notices";
import { policyOf } from "../db/escalation-policies";
import { NO_LADDER, raise } from "../domain/escalation-ladder";
import { ladderStep } from "./escalation-steps";
import type { ActionContext } from "./context";
import { purgeTicketObjects } from "./attachment-service";
import { startClocks } from "../domain/sla-lifecycle";
import { clockRows, governanceOf } from "./sla-clocks";
import { checkAssignee, visibleTicket } from "./ticket-access";
import { slaOf, type TicketWithClocks } from "./ticket-sla";

export type NewTicketInput = {
  title: string;
  description?: string;
  priority: Priority;
  teamId: string;
  category?: string | null;
  customer?: string | null;
  tags?: string[];
  requesterId?: string;
  assigneeId?: string | null;
};

/** Who a new ticket is for: the caller, or for staff anyone active in the organization. */
async function requesterFor(ctx: ActionContext, requesterId: string | undefined): Promise<string> {
  if (requesterId === undefined || requesterId === ctx.caller.id) return ctx.caller.id;
  if (!isStaff(ctx.caller.role)) throw ApiError.forbidden("Requesters file tickets for themselves only.");
  const user = await findUserInOrg(ctx.db, ctx.caller.orgId, requesterId);
  if (!user?.active) throw ApiError.validation([{ path: "requesterId", message: "No active user of the organization has this id." }]);
  return user.id;
}

/**
 * Files a ticket with the next key of its team; the ticket and its history row are one batch. The
 * team is not read first: the insert selects from the caller's team, so a team that is not theirs
 * yields no ticket (and no history row, which is written only for a ticket that exists). With an
 * account check (`authenticateGuardedWrite`) the same batch checks the caller's account.
 */
export async function createTicket(ctx: ActionContext, input: NewTicketInput): Promise<TicketWithClocks> {
  const { db, caller, now } = ctx;
  if (input.assigneeId && !isStaff(caller.role)) throw ApiError.forbidden("Requesters cannot assign tickets.");
  const requesterId = await requesterFor(ctx, input.requesterId);
  if (input.assigneeId) await checkAssignee(db, caller.orgId, input.teamId, input.assigneeId);

  const id = crypto.randomUUID();
  // A P1 starts its escalation ladder at level 1 (contract §5), in the create's own batch.
  const escalation =
    input.priority === "P1"
      ? ladderStep(db, raise(NO_LADDER, await policyOf(db, input.teamId), 1, now.getTime())!, { trigger: "priority", reason: "a P1 ticket" }, caller.id, now)
      : undefined;
  const ticket = {
    id,
    orgId: caller.orgId,
    teamId: input.teamId,
    title: input.title,
    description: input.description ?? "",
    priority: input.priority,
    category: input.category ?? null,
    customer: input.customer ?? null,
    tags: normalizeTags(input.tags ?? []),
    requesterId,
    assigneeId: input.assigneeId ?? null,
    createdAt: now,
    updatedAt: now,
    ...escalation?.patch,
  };
  const created = { ticketId: id, at: now, actorId: caller.id, action: "created", to: { teamId: input.teamId, priority: input.priority, title: input.title }, ip: ctx.ip };
  const governance = await governanceOf(db, caller.orgId, ticket);
  const clocks = governance ? clockRows(ticket, governance, startClocks(governance, now.getTime()), now.getTime()) : [];
  const check = ctx.accountCheck;
  const notices = ticketNoticeStatements(db, { ...createdNotice(caller.id, ticket), ticketId: id }, crypto.randomUUID(), now.getTime());
  const results = await db.batch([
    ...insertTicketStatements(db, ticket, check?.guard()),
    insertHistoryAtVersion(db, created, 1),
    ...clocks.map((clock) => putMetricAtVersion(db, clock, 1)),
    countLiveChange(db, [input.teamId], ticketIsAt(id)),
    ...notices,
    ...(escalation?.after ?? []),
    selectTicket(db, id),
  ]);
  const [row] = results.at(-1) as TicketWithClocks[];
  if (row) {
    ctx.publish?.(row.teamId, ticketEvent("ticket.created", row, now, clocks));
    ctx.enqueue?.(deliveryIdsOf(results));
    return row;
  }
  if (check) requireCurrentAccount(await check.result(), caller.role);
  throw ApiError.validation([{ path: "teamId", message: "No team of the organization has this id." }]);
}

export async function getTicket(ctx: ActionContext, idOrKey: string): Promise<TicketWithClocks> {
  return visibleTicket(ctx.db, ctx.caller, idOrKey);
}

/** One page of the tickets the caller may see that match `filter`; `q` searches what the caller may read. */
export async function listVisibleTickets(ctx: Pick<ActionContext, "db" | "caller" | "accountCheck">, filter: TicketFilter, page: PageRequest<TicketSortField>) {
  const { db, caller } = ctx;
  const ftsQuery = filter.q === undefined ? undefined : toFtsQuery(filter.q, !isStaff(caller.role));
  if (filter.q !== undefined && ftsQuery === undefined) return { items: [], nextCursor: null };
  const query = listTickets(db, caller.orgId, ticketScope(caller.role, caller.id), filter, ftsQuery, page);
  const rows = await (ctx.accountCheck ? ctx.accountCheck.alongside(query) : query);
  return toPage(rows, page.limit, (row) => ({ value: ticketSortValue(row, page.field), id: row.id }));
}

/** Deletes a ticket with its history, comments and attachment rows (by cascade), then its stored files. */
export async function deleteTicket(ctx: ActionContext, id: string, bucket: R2Bucket): Promise<void> {
  const { db, caller } = ctx;
  const [, [deleted]] = await db.batch([countLiveChangeOfTicket(db, caller.orgId, id), deleteTicketRow(db, caller.orgId, id)]);
  if (!deleted) throw ApiError.notFound("ticket");
  ctx.publish?.(deleted.teamId, deletedEvent(deleted));
  await purgeTicketObjects(bucket, caller.orgId, deleted.id);
}

export async function ticketHistory(db: ActionContext["db"], caller: Caller, idOrKey: string) {
  const ticket = await visibleTicket(db, caller, idOrKey);
  return historyOf(db, ticket.id);
}

const AT_RISK = { ranks: riskRanks(["high_risk", "breached"]) };
const HIGH_RISK_WINDOW = 200;

/**
 * The active tickets the caller may see that are high_risk or breached now, worst first (highest
 * risk percent, then the earliest due). Percent needs each ticket's calendar, so the ordering is
 * done here over at most HIGH_RISK_WINDOW candidates chosen by band in D1.
 */
export async function highRiskTickets(ctx: Pick<ActionContext, "db" | "caller" | "accountCheck" | "now">, limit: number) {
  const filter = { status: ACTIVE_STATUSES, risk: { ...AT_RISK, at: ctx.now.getTime() } };
  const page = await listVisibleTickets(ctx, filter, { field: "createdAt", descending: true, limit: HIGH_RISK_WINDOW });
  const rated = page.items.map((ticket) => ({ ticket, sla: slaOf(ticket, ctx.now)! }));
  rated.sort((a, b) => worstFirst(a.sla, b.sla));
  return rated.slice(0, limit);
}
