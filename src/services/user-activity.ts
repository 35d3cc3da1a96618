import type { Database } from "../db/client";
import { agentFigures } from "../db/reports/agents";
import type { TicketSortField } from "../db/ticket-list";
import type { TicketFilter } from "../db/tickets";
import { breachRate } from "../domain/report-figures";
import { hasRoleAtLeast } from "../domain/roles";
import type { Caller } from "../env";
import { ApiError } from "../http/errors";
import type { PageRequest } from "../http/pagination";
import type { ActionContext } from "./context";
import { frameOf, type ReportFilters } from "./report-scope";
import { listVisibleTickets } from "./ticket-service";
import { getOrgUser } from "./user-service";

/** A user's own tickets and figures are for them, their managers and admins (contract §8). */
async function checkReader(db: Database, caller: Caller, userId: string) {
  if (caller.id !== userId && !hasRoleAtLeast(caller.role, "manager")) throw ApiError.forbidden("Only the user, managers and admins see this.");
  await getOrgUser(db, caller.orgId, userId);
}

/** `GET /users/{id}/tickets`: one page of the tickets assigned to or requested by the user, among those the caller may see. */
export async function userTickets(ctx: Pick<ActionContext, "db" | "caller">, userId: string, filter: TicketFilter, page: PageRequest<TicketSortField>) {
  await checkReader(ctx.db, ctx.caller, userId);
  return listVisibleTickets(ctx, { ...filter, involves: userId }, page);
}

/**
 * `GET /users/{id}/stats`: over the tickets assigned to the user, the active ones now, those
 * resolved in the range (default the last 30 days), their breach rate and their median
 * resolution in business minutes — the figures of the agents report.
 */
export async function userStats(db: Database, caller: Caller, userId: string, filters: ReportFilters, now: Date) {
  await checkReader(db, caller, userId);
  const frame = await frameOf(db, { orgId: caller.orgId, teamId: filters.teamId, priority: filters.priority }, filters, now);
  const [row] = await agentFigures(db, frame.scope, { ids: [userId] }, frame.range);
  return {
    active: row?.active ?? 0,
    resolved: row?.resolved ?? 0,
    breachRate: row ? breachRate(row.completedMet, row.completed) : null,
    medianResolutionMinutes: row?.resolutionMedian ?? null,
  };
}
