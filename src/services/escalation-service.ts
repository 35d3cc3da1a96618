import { acknowledgeEscalation, listEscalations, type EscalationFilter } from "../db/escalations";
import { policyOf, putPolicy } from "../db/escalation-policies";
import { usersOfOrg } from "../db/users";
import { acknowledge, escalateManually } from "../domain/escalation-ladder";
import { policyIssues, type EscalationPolicy } from "../domain/escalation-policy";
import { hasRoleAtLeast, isStaff } from "../domain/roles";
import { ticketScope } from "../domain/ticket-access";
import { isActiveStatus } from "../domain/ticket-fields";
import type { Caller } from "../env";
import { ApiError } from "../http/errors";
import { byCreatedAt, toPage, type PageRequest } from "../http/pagination";
import type { Database } from "../db/client";
import type { ActionContext } from "./context";
import { ladderOf, ladderStep } from "./escalation-steps";
import { orgTeam } from "./team-service";
import { writeTicket } from "./ticket-write";

type Reader = { db: Database; caller: Caller };

/** A team's escalation policy (the default when it has none). */
export async function teamPolicy(ctx: Reader, teamId: string) {
  return policyOf(ctx.db, (await orgTeam(ctx.db, ctx.caller.orgId, teamId)).id);
}

/** Replaces a team's policy; its people must be active users of the organization. */
export async function replaceTeamPolicy(ctx: Reader, teamId: string, policy: EscalationPolicy, now: Date) {
  const team = await orgTeam(ctx.db, ctx.caller.orgId, teamId);
  const issues = policyIssues(policy);
  const named = policy.levels.flatMap((level, index) => (level.userIds ?? []).map((id, at) => ({ id, path: `levels.${index}.userIds.${at}` })));
  const known = new Set((await usersOfOrg(ctx.db, ctx.caller.orgId, [...new Set(named.map((name) => name.id))])).filter((user) => user.active).map((user) => user.id));
  for (const name of named) if (!known.has(name.id)) issues.push({ path: name.path, message: "No active user of the organization has this id." });
  if (issues.length > 0) throw ApiError.validation(issues);
  await putPolicy(ctx.db, ctx.caller.orgId, team.id, policy, now);
  return policyOf(ctx.db, team.id);
}

/**
 * One level up, now (contract §5): any staff member who can see the ticket, while it is being
 * worked. A step by any trigger less than a second before is this one (one level change, not two).
 */
export function escalateTicket(ctx: ActionContext, id: string, reason: string) {
  if (!isStaff(ctx.caller.role)) throw ApiError.forbidden("Requesters cannot escalate tickets.");
  return writeTicket(ctx, "ticket.escalated", id, undefined, async (ticket) => {
    if (!isActiveStatus(ticket.status)) throw ApiError.conflict("E_TICKET_NOT_ACTIVE", `A ${ticket.status} ticket is not escalated.`, { status: ticket.status });
    const next = escalateManually(ladderOf(ticket), await policyOf(ctx.db, ticket.teamId), ctx.now.getTime());
    if (next.kind === "at_top") throw ApiError.conflict("E_ESCALATION_AT_TOP", "The ticket is at the last level of its team's escalation policy.", { level: ticket.escalationLevel });
    if (next.kind === "joined") return null;
    const step = ladderStep(ctx.db, next.ladder, { trigger: "manual", reason }, ctx.caller.id, ctx.now);
    return { patch: step.patch, action: "escalated", from: { level: ticket.escalationLevel }, to: step.history, after: step.after };
  });
}

/**
 * Stops the ladder at its current level until a new trigger: a person of the level, a manager or
 * an admin. Others are refused (403); a ticket with nothing to acknowledge is a 409.
 */
export function acknowledgeTicket(ctx: ActionContext, id: string) {
  if (!isStaff(ctx.caller.role)) throw ApiError.forbidden("Requesters cannot acknowledge escalations.");
  return writeTicket(ctx, "ticket.updated", id, undefined, async (ticket) => {
    const ladder = ladderOf(ticket);
    if (!hasRoleAtLeast(ctx.caller.role, "manager")) {
      const level = (await policyOf(ctx.db, ticket.teamId)).levels[ladder.level - 1];
      if (!level?.userIds?.includes(ctx.caller.id)) throw ApiError.forbidden("Only the people of the current level, managers and admins may acknowledge.");
    }
    const acknowledged = acknowledge(ladder, ctx.caller.id, ctx.now.getTime());
    if (!acknowledged || !ticket.escalationId) throw ApiError.conflict("E_NOTHING_TO_ACKNOWLEDGE", "The ticket has no unacknowledged escalation.", { level: ticket.escalationLevel });
    return {
      patch: { escalationNextStepAt: null, escalationAcknowledgedAt: ctx.now, escalationAcknowledgedBy: ctx.caller.id },
      action: "acknowledged",
      from: { level: ladder.level },
      to: { level: ladder.level, acknowledgedBy: ctx.caller.id },
      after: [acknowledgeEscalation(ctx.db, ticket.escalationId, ctx.caller.id, ctx.now)],
    };
  });
}

/** One page of the escalations of tickets the caller may see, newest first. */
export async function escalationsPage(ctx: Reader, filter: EscalationFilter, page: PageRequest<"createdAt">) {
  const rows = await listEscalations(ctx.db, ctx.caller.orgId, ticketScope(ctx.caller.role, ctx.caller.id), filter, page);
  return toPage(
    rows.map((row) => row.escalation),
    page.limit,
    byCreatedAt,
  );
}
