import { findActiveMember, findTeamInOrg } from "../db/teams";
import type { TicketPatch } from "../db/tickets";
import { policyOf } from "../db/escalation-policies";
import { raise } from "../domain/escalation-ladder";
import { isStaff } from "../domain/roles";
import { forbiddenEdits } from "../domain/ticket-access";
import { diffFields } from "../domain/ticket-diff";
import { isActiveStatus, normalizeTags, type Priority, type TicketStatus } from "../domain/ticket-fields";
import { planStatusChange } from "../domain/ticket-status";
import { ApiError } from "../http/errors";
import { recordAssignment } from "../db/assignment";
import { ticketIsAt } from "../db/tickets";
import { assignedNotice, statusNotice, unassignableNotice } from "../notify/ticket-notices";
import { assignmentReason, planAutoAssignment } from "./auto-assignment";
import type { ActionContext } from "./context";
import { ladderOf, ladderStep } from "./escalation-steps";
import { checkAssignee } from "./ticket-access";
import { clocksAfterChange } from "./ticket-clocks";
import type { TicketWithClocks } from "./ticket-sla";
import { writeTicket } from "./ticket-write";

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
    return { patch: diff.to as TicketPatch, action: "updated", from: diff.from, to: diff.to, clocks: await clocksAfterChange(ctx, ticket, diff.to as TicketPatch) };
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
    const at = ctx.now.getTime();
    const clocks = await clocksAfterChange(ctx, ticket, { status: to });
    const notice = statusNotice(ctx.caller.id, ticket, ticket.status, to, note);
    const change = { patch: plan.changes as TicketPatch, action: plan.reopened ? "reopened" : "status_changed", from: { status: ticket.status }, to: { status: to, ...(note && { note }) }, clocks, notice };
    // Resolving or closing ends a running ladder: nothing is sent for the ticket after that.
    if (!isActiveStatus(to)) return { ...change, patch: { ...change.patch, escalationNextStepAt: null } };
    // A second reopen puts the ladder at level 1 (contract §5), if it is not higher already.
    const step = plan.reopened && ticket.reopenCount + 1 === 2 ? raise(ladderOf(ticket), await policyOf(ctx.db, ticket.teamId), 1, at) : null;
    if (!step) return change;
    const escalation = ladderStep(ctx.db, step, { trigger: "reopen", reason: "reopened a second time" }, ctx.caller.id, ctx.now);
    return { ...change, patch: { ...change.patch, ...escalation.patch }, after: escalation.after };
  });
}

/** Gives a ticket to an active member of its team, or takes it back with `null`. */
/** Gives a ticket to an active member of its team, takes it back with `null`, or lets auto-assignment choose (`auto`). */
export function assignTicket(ctx: ActionContext, id: string, target: { assigneeId: string | null } | { auto: true }, ifMatch?: number) {
  if (!isStaff(ctx.caller.role)) throw ApiError.forbidden("Requesters cannot assign tickets.");
  return writeTicket(ctx, "ticket.assigned", id, ifMatch, async (ticket) => {
    if ("auto" in target) return autoAssignPlan(ctx, ticket);
    const { assigneeId } = target;
    if (ticket.assigneeId === assigneeId) return null;
    const assignee = assigneeId ? await checkAssignee(ctx.db, ctx.caller.orgId, ticket.teamId, assigneeId) : null;
    const notice = assignedNotice(ctx.caller.id, ticket, assignee);
    const record = assigneeId ? [recordAssignment(ctx.db, ticket.teamId, assigneeId, ctx.now, ticketIsAt(ticket.id, ticket.version + 1))] : [];
    return { patch: { assigneeId }, action: "assigned", from: { assigneeId: ticket.assigneeId }, to: { assigneeId }, notice, after: record };
  });
}

/**
 * Auto-assignment of an existing ticket (contract §5): the member the pure rule picks, held by the
 * count it read (a concurrent pick of the same member makes this one choose again); no one
 * eligible leaves the ticket unassigned and tells the team's managers.
 */
async function autoAssignPlan(ctx: ActionContext, ticket: TicketWithClocks) {
  const auto = await planAutoAssignment(ctx.db, ctx.caller.orgId, ticket.teamId, ticket.category, ctx.now);
  const from = { assigneeId: ticket.assigneeId };
  if (auto.kind === "none") {
    return { patch: { assigneeId: null }, action: "assigned", from, to: { assigneeId: null, auto: true, ...assignmentReason(auto.choice), why: auto.choice.reason.why }, notice: unassignableNotice(ctx.caller.id) };
  }
  const assignee = await checkAssignee(ctx.db, ctx.caller.orgId, ticket.teamId, auto.choice.userId);
  return {
    patch: { assigneeId: assignee.id },
    action: "assigned",
    from,
    to: { assigneeId: assignee.id, auto: true, ...assignmentReason(auto.choice) },
    notice: assignedNotice(ctx.caller.id, ticket, assignee),
    onlyIf: auto.guard,
    after: [auto.record(ticketIsAt(ticket.id, ticket.version + 1))],
  };
}
