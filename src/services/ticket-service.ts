import { historyOf } from "../db/ticket-history";
import { listTickets, ticketSortValue, type TicketSortField } from "../db/ticket-list";
import { countLiveChangeOfTicket } from "../db/teams";
import { deleteTicketRow, type TicketFilter } from "../db/tickets";
import { isStaff } from "../domain/roles";
import { toFtsQuery } from "../domain/search-query";
import { ticketScope } from "../domain/ticket-access";
import { worstFirst } from "../domain/sla-view";
import { ACTIVE_STATUSES } from "../domain/ticket-fields";
import { riskRanks } from "../domain/risk";
import type { Caller } from "../env";
import { ApiError } from "../http/errors";
import { toPage, type PageRequest } from "../http/pagination";
import { deletedEvent } from "../live/publish";
import type { ActionContext } from "./context";
import { purgeTicketObjects } from "./attachment-service";
import { visibleTicket } from "./ticket-access";
import { slaOf, type TicketWithClocks } from "./ticket-sla";

export async function getTicket(ctx: ActionContext, idOrKey: string): Promise<TicketWithClocks> {
  return visibleTicket(ctx.db, ctx.caller, idOrKey);
}

/** One page of the tickets the caller may see that match `filter`; `q` searches what the caller may read. */
export async function listVisibleTickets(ctx: Pick<ActionContext, "db" | "caller" | "accountCheck">, filter: TicketFilter, page: PageRequest<TicketSortField>) {
  const { db, caller } = ctx;
  const ftsQuery = filter.q === undefined ? undefined : toFtsQuery(filter.q, !isStaff(caller.role));
  if (filter.q !== undefined && ftsQuery === undefined) return { items: [], nextCursor: null };
  const check = ctx.accountCheck;
  const { rows, alsoValue } = await listTickets(db, caller.orgId, ticketScope(caller.role, caller.id), filter, ftsQuery, page, check?.roleColumn());
  // An empty page says nothing of the account: its check then runs on its own.
  if (check && rows.length > 0) check.settle(alsoValue as string | null);
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
