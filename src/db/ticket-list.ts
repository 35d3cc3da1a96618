import { and } from "drizzle-orm";
import type { TicketScope } from "../domain/ticket-access";
import type { PageRequest } from "../http/pagination";
import type { Database } from "./client";
import { afterCursor, keysetOrder } from "./keyset";
import { tickets } from "./schema";
import { filterConditions, withClocks, scopeCondition, type TicketFilter, type TicketRow } from "./tickets";

export type TicketSortField = "createdAt" | "updatedAt" | "priority";

const SORT_COLUMNS = { createdAt: tickets.createdAt, updatedAt: tickets.updatedAt, priority: tickets.priority } as const;

/**
 * One keyset page (`limit + 1` rows) of the tickets `scope` may see that match `filter`. Keyset
 * paging resumes after the last row served, so tickets created meanwhile never shift a page.
 */
export function listTickets(db: Database, orgId: string, scope: TicketScope, filter: TicketFilter, ftsQuery: string | undefined, page: PageRequest<TicketSortField>) {
  const column = SORT_COLUMNS[page.field];
  return db
    .select(withClocks)
    .from(tickets)
    .where(and(scopeCondition(orgId, scope), ...filterConditions(filter, ftsQuery), afterCursor(column, tickets.id, page.descending, page.cursor)))
    .orderBy(...keysetOrder(column, tickets.id, page.descending))
    .limit(page.limit + 1);
}

/** The value a ticket sorts by, as a cursor stores it (instants as ms). */
export function ticketSortValue(row: TicketRow, field: TicketSortField): string | number {
  return field === "priority" ? row.priority : row[field].getTime();
}

