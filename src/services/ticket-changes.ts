import { countLiveChange, findActiveMember, findTeamInOrg } from "../db/teams";
import { insertHistoryAtVersion } from "../db/ticket-history";
import { putMetricAtVersion, type MetricRow } from "../db/sla-metrics";
import { selectTicket, ticketIsAt, updateTicketAtVersion, type TicketPatch, type TicketRow } from "../db/tickets";
import { isStaff } from "../domain/roles";
import { forbiddenEdits } from "../domain/ticket-access";
import { diffFields } from "../domain/ticket-diff";
import { normalizeTags, type Priority, type TicketStatus } from "../domain/ticket-fields";
import { clocksAfterMove, retarget } from "../domain/sla-lifecycle";
import { planStatusChange } from "../domain/ticket-status";
import { ApiError } from "../http/errors";
import { ticketEvent } from "../live/publish";
import { ticketNoticeStatements } from "../db/outbox";
import { deliveryIdsOf } from "../notify/delivery-queue";
import { assignedNotice, statusNotice, type Notice } from "../notify/ticket-notices";
import type { ActionContext } from "./context";
import { clockRows, governanceOf } from "./sla-clocks";
import { checkAssignee, visibleTicket } from "./ticket-access";
import { storedClocks, type TicketWithClocks } from "./ticket-sla";

/**
 * A planned write: the fields to set, the history row's action, from and to, and the ticket's SLA
 * clocks when the change moves them. Null: nothing changes.
 */
type Plan = { patch: TicketPatch; action: string; from: unknown; to: unknown; clocks?: MetricRow[]; notice?: Notice } | null;

const MAX_ATTEMPTS = 4;

function versionConflict(ticket: TicketRow) {
  return new ApiError(412, "E_VERSION_CONFLICT", "The ticket changed since that version; read it again.", { currentVersion: ticket.version });
}

/**
 * Reads the ticket, plans the change against what it read, and writes the change with its history
 * row only if the ticket is still at the version read. With `If-Match` a lost race is the client's
 * 412; without, the change is planned again on the fresh row, so no write is ever lost.
 */
async function writeTicket(ctx: ActionContext, event: string, id: string, ifMatch: number | undefined, plan: (ticket: TicketWithClocks) => Promise<Plan> | Plan): Promise<TicketWithClocks> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const ticket = await visibleTicket(ctx.db, ctx.caller, id);
    if (ifMatch !== undefined && ticket.version !== ifMatch) throw versionConflict(ticket);
    const change = await plan(ticket);
    if (!change) return ticket;
    const entry = { ticketId: ticket.id, at: ctx.now, actorId: ctx.caller.id, action: change.action, from: change.from, to: change.to, ip: ctx.ip };
    const { db } = ctx;
    const clocks = (change.clocks ?? []).map((clock) => putMetricAtVersion(db, clock, ticket.version));
    // Read before the update, at the version the update requires: they stand or fall with it.
    const notices = change.notice ? ticketNoticeStatements(db, { ...change.notice, ticketId: ticket.id, version: ticket.version }, crypto.randomUUID(), ctx.now.getTime()) : [];
    const results = await db.batch([
      insertHistoryAtVersion(db, entry, ticket.version),
      ...clocks,
      countLiveChange(db, [ticket.teamId, change.patch.teamId ?? ticket.teamId], ticketIsAt(ticket.id, ticket.version)),
      ...notices,
      updateTicketAtVersion(db, ticket.id, ticket.version, change.patch, ctx.now),
      selectTicket(db, ticket.id),
    ]);
    const [updated] = results.at(-2) as TicketRow[];
    if (updated) {
      const after = (results.at(-1) as TicketWithClocks[])[0]!;
      // A move to another team tells both rooms.
      for (const teamId of new Set([ticket.teamId, after.teamId])) ctx.publish?.(teamId, ticketEvent(event, after, ctx.now, change.clocks));
      ctx.enqueue?.(deliveryIdsOf(results));
      return after;
    }
    if (ifMatch !== undefined) throw versionConflict(ticket);
  }
  throw ApiError.conflict("E_BUSY", "The ticket is changing too often right now; try again.");
}

const GOVERNING_FIELDS = ["priority", "category", "customer", "teamId"] as const;

/**
 * A change of priority, category or customer re-targets the clocks to the newly matching policy,
 * keeping their elapsed and paused time; a move to another team moves them along. Undefined when
 * the change touches none of that or the ticket has no clocks.
 */
async function retargetedClocks(ctx: ActionContext, ticket: TicketWithClocks, patch: TicketPatch): Promise<MetricRow[] | undefined> {
  if (!GOVERNING_FIELDS.some((field) => field in patch)) return undefined;
  const after = { ...ticket, ...patch };
  const stored = storedClocks(ticket);
  if (!stored) return undefined;
  const governance = await governanceOf(ctx.db, ctx.caller.orgId, after);
  const target = governance ?? stored.governance;
  return clockRows(after, target, retarget(stored.clocks, target), ctx.now.getTime());
}

export type TicketEdit = {
  title?: string;
  description?: string;
  priority?: Priority;
  category?: string | null;
  customer?: string | null;
  tags?: string[];
  teamId?: string;
};

/** Edits a ticket's fields; moving it to another team drops an assignee who is not a member there. */
export function updateTicket(ctx: ActionContext, id: string, edit: TicketEdit, ifMatch?: number) {
  const refused = forbiddenEdits(ctx.caller.role, edit);
  if (refused.length > 0) throw ApiError.forbidden(`Requesters may not change ${refused.join(", ")}.`);
  return writeTicket(ctx, "ticket.updated", id, ifMatch, async (ticket) => {
    const wanted: TicketPatch = { ...edit, ...(edit.tags && { tags: normalizeTags(edit.tags) }) };
    if (edit.teamId !== undefined && edit.teamId !== ticket.teamId) {
      if (!(await findTeamInOrg(ctx.db, ctx.caller.orgId, edit.teamId))) throw ApiError.validation([{ path: "teamId", message: "No team of the organization has this id." }]);
      if (ticket.assigneeId && !(await findActiveMember(ctx.db, ctx.caller.orgId, edit.teamId, ticket.assigneeId))) wanted.assigneeId = null;
    }
    const diff = diffFields(ticket, wanted);
    if (!diff) return null;
    return { patch: diff.to as TicketPatch, action: "updated", from: diff.from, to: diff.to, clocks: await retargetedClocks(ctx, ticket, diff.to as TicketPatch) };
  });
}

/** Moves a ticket through the state machine of contract §3. */
export function changeStatus(ctx: ActionContext, id: string, to: TicketStatus, note: string | undefined, ifMatch?: number) {
  return writeTicket(ctx, "ticket.status_changed", id, ifMatch, async (ticket) => {
    const plan = planStatusChange(ticket, to, ctx.caller.role, ctx.now);
    if (!plan.ok && plan.reason === "invalid_transition") {
      throw ApiError.conflict("E_INVALID_TRANSITION", `A ticket cannot move from ${ticket.status} to ${to}.`, { from: ticket.status, to });
    }
    if (!plan.ok) throw ApiError.forbidden(`Your role may not move this ticket from ${ticket.status} to ${to}.`);
    const stored = storedClocks(ticket);
    const at = ctx.now.getTime();
    const clocks = stored && clockRows(ticket, stored.governance, clocksAfterMove(stored.governance.calendar, stored.clocks, ticket.status, to, at), at);
    const notice = statusNotice(ctx.caller.id, ticket, ticket.status, to, note);
    return { patch: plan.changes, action: plan.reopened ? "reopened" : "status_changed", from: { status: ticket.status }, to: { status: to, ...(note && { note }) }, clocks, notice };
  });
}

/** Gives a ticket to an active member of its team, or takes it back with `null`. */
export function assignTicket(ctx: ActionContext, id: string, assigneeId: string | null, ifMatch?: number) {
  if (!isStaff(ctx.caller.role)) throw ApiError.forbidden("Requesters cannot assign tickets.");
  return writeTicket(ctx, "ticket.assigned", id, ifMatch, async (ticket) => {
    if (ticket.assigneeId === assigneeId) return null;
    const assignee = assigneeId ? await checkAssignee(ctx.db, ctx.caller.orgId, ticket.teamId, assigneeId) : null;
    const notice = assignedNotice(ctx.caller.id, ticket, assignee);
    return { patch: { assigneeId }, action: "assigned", from: { assigneeId: ticket.assigneeId }, to: { assigneeId }, notice };
  });
}
