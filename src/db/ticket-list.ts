import { and, type SQL } from "drizzle-orm";
import type { TicketScope } from "../domain/ticket-access";
import type { PageRequest } from "../http/pagination";
import type { Database } from "./client";
import { afterCursor, keysetOrder } from "./keyset";
import { tickets } from "./schema";
import { decodeTicket, filterConditions, scopeCondition, TICKET_WITH_CLOCKS, TICKET_WITH_CLOCKS_WIDTH, type TicketFilter, type TicketRow } from "./tickets";

export type TicketSortField = "createdAt" | "updatedAt" | "priority";

const SORT_COLUMNS = { createdAt: tickets.createdAt, updatedAt: tickets.updatedAt, priority: tickets.priority } as const;

/**
 * One keyset page (`limit + 1` rows) of the tickets `scope` may see that match `filter`, with
 * their clocks. Keyset paging resumes after the last row served, so tickets created meanwhile
 * never shift a page.
 *
 * `also`, a scalar subquery, rides along as one more column of every row (`alsoValue`, from the
 * first row; undefined for an empty page): what a read would otherwise ask in a batch of its own.
 * The selection is rendered once and the rows, read as arrays, decoded without drizzle's mapping
 * (flat-selection.ts): a page is the API's largest answer, and drizzle's work cost more than D1's.
 */
export async function listTickets(db: Database, orgId: string, scope: TicketScope, filter: TicketFilter, ftsQuery: string | undefined, page: PageRequest<TicketSortField>, also?: SQL) {
  const column = SORT_COLUMNS[page.field];
  const rows = await db
    .select({ ticket: TICKET_WITH_CLOCKS, ...(also && { also }) })
    .from(tickets)
    .where(and(scopeCondition(orgId, scope), ...filterConditions(filter, ftsQuery), afterCursor(column, tickets.id, page.descending, page.cursor)))
    .orderBy(...keysetOrder(column, tickets.id, page.descending))
    .limit(page.limit + 1)
    .values();
  return { rows: rows.map(decodeTicket), alsoValue: rows[0]?.[TICKET_WITH_CLOCKS_WIDTH] };
}

/** The value a ticket sorts by, as a cursor stores it (instants as ms). */
export function ticketSortValue(row: TicketRow, field: TicketSortField): string | number {
  return field === "priority" ? row.priority : row[field].getTime();
}

