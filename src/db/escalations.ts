import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { TicketScope } from "../domain/ticket-access";
import { ACTIVE_STATUSES } from "../domain/ticket-fields";
import type { PageRequest } from "../http/pagination";
import type { Database } from "./client";
import { afterCursor, keysetOrder } from "./keyset";
import { escalations, tickets } from "./schema";
import { scopeCondition } from "./tickets";

export type EscalationRow = typeof escalations.$inferSelect;
export type EscalationFilter = { ticketId?: string; teamId?: string; open?: boolean };

/** Records who acknowledged the ladder's current level, for the batch of the ticket's own update. */
export function acknowledgeEscalation(db: Database, escalationId: string, by: string, at: Date) {
  return db
    .update(escalations)
    .set({ acknowledgedAt: at, acknowledgedBy: by })
    .where(and(eq(escalations.id, escalationId), isNull(escalations.acknowledgedAt)));
}

/**
 * One keyset page (`limit + 1` rows) of the escalations of tickets `scope` may see, newest first.
 * Open: the ticket's current level, not acknowledged, on a ticket still being worked.
 */
export function listEscalations(db: Database, orgId: string, scope: TicketScope, filter: EscalationFilter, page: PageRequest<"createdAt">) {
  const open: SQL | undefined = filter.open
    ? and(eq(tickets.escalationId, escalations.id), isNull(escalations.acknowledgedAt), sql`${tickets.status} IN (SELECT value FROM json_each(${JSON.stringify(ACTIVE_STATUSES)}))`)
    : undefined;
  return db
    .select({ escalation: escalations })
    .from(escalations)
    .innerJoin(tickets, eq(tickets.id, escalations.ticketId))
    .where(
      and(
        eq(escalations.orgId, orgId),
        scopeCondition(orgId, scope),
        filter.ticketId ? eq(escalations.ticketId, filter.ticketId) : undefined,
        filter.teamId ? eq(escalations.teamId, filter.teamId) : undefined,
        open,
        afterCursor(escalations.createdAt, escalations.id, page.descending, page.cursor),
      ),
    )
    .orderBy(...keysetOrder(escalations.createdAt, escalations.id, page.descending))
    .limit(page.limit + 1);
}
