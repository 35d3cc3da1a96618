import { and, sql } from "drizzle-orm";
import { autoAssignmentHistory, chosenAssignee, eligibleCount, recordStoredAssignment } from "../db/assignment";
import { configIsAt } from "../db/organizations";
import { ticketNoticeStatements } from "../db/outbox";
import { putMetricAtVersion } from "../db/sla-metrics";
import { countLiveChange } from "../db/teams";
import { insertHistoryAtVersion, type HistoryEntry } from "../db/ticket-history";
import { insertTicketStatements, selectTicket, ticketIsAt, type TicketRow } from "../db/tickets";
import { tickets } from "../db/schema";
import { findUserInOrg } from "../db/users";
import { NO_LADDER, raise } from "../domain/escalation-ladder";
import { isStaff } from "../domain/roles";
import { clocksAfterMove, startClocks } from "../domain/sla-lifecycle";
import { normalizeTags, type Priority } from "../domain/ticket-fields";
import { requireCurrentAccount } from "../http/account-check";
import { ApiError } from "../http/errors";
import { ticketEvent } from "../live/publish";
import { deliveryIdsOf } from "../notify/delivery-queue";
import { createdNotice, unassignableNotice, type Notice } from "../notify/ticket-notices";
import type { ActionContext } from "./context";
import { runAutomations } from "./automation-runner";
import { ladderStep } from "./escalation-steps";
import { clockRows, governanceAmong, governanceOf } from "./sla-clocks";
import { checkAssignee } from "./ticket-access";
import { readsForCreate, rememberedReads, type CreateReads } from "./ticket-create-reads";
import type { TicketWithClocks } from "./ticket-sla";

export type NewTicketInput = {
  title: string;
  description?: string;
  priority: Priority;
  teamId: string;
  category?: string | null;
  customer?: string | null;
  tags?: string[];
  requesterId?: string;
  /** Absent: auto-assigned when the team has `autoAssign`; null: left unassigned. */
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

const noTeam = () => ApiError.validation([{ path: "teamId", message: "No team of the organization has this id." }]);

/**
 * Files a ticket with the next key of its team. The ticket, its history, clocks, notifications and
 * the follow-ups of its creation (contract §5: auto-assignment when the team has `autoAssign`, the
 * P1 escalation) are one batch, so the 201 already shows them. The auto-assignment is chosen inside
 * that batch (src/db/assignment.ts, the rule of src/domain/auto-assign.ts), so concurrent creates
 * each see the assignments before them. With an account check (`authenticateGuardedWrite`) the
 * same batch checks the caller's account.
 *
 * The configuration the ticket is filed under (team, rules, SLA and escalation policies) comes from
 * this isolate's last read of it when there is one, and the batch then files nothing unless the
 * organization's configuration token is still the one read: if it files nothing, the configuration
 * is read again and the ticket filed once more under it.
 */
export async function createTicket(ctx: ActionContext, input: NewTicketInput): Promise<TicketWithClocks> {
  const { db, caller } = ctx;
  if (input.assigneeId && !isStaff(caller.role)) throw ApiError.forbidden("Requesters cannot assign tickets.");
  const remembered = rememberedReads(caller.orgId, input.teamId, input.priority);
  // Without a remembered configuration, what every create reads is one D1 call, with the SLA
  // policies of the priority asked for, before the rules have had their say (they are read again
  // below in the rare case a rule changes the priority); a requester or an assignee given is checked beside it.
  const [requesterId, explicit, reads] = await Promise.all([
    requesterFor(ctx, input.requesterId),
    input.assigneeId ? checkAssignee(db, caller.orgId, input.teamId, input.assigneeId) : undefined,
    remembered ?? readsForCreate(db, caller.orgId, input.teamId, input.priority),
  ]);
  const parties = { requesterId, assigneeId: explicit?.id ?? null };
  const filed = await fileTicket(ctx, input, parties, reads);
  if (filed) return filed;
  if (ctx.accountCheck) requireCurrentAccount(await ctx.accountCheck.result(), caller.role);
  // The account holds, so the configuration changed since it was read (by this isolate earlier, or
  // between this create's two calls): the ticket is filed under the configuration as it is now.
  const again = await fileTicket(ctx, input, parties, await readsForCreate(db, caller.orgId, input.teamId, input.priority));
  if (again) return again;
  throw ApiError.conflict("E_CONFIGURATION_CHANGED", "The team's configuration changed while the ticket was filed; send it again.");
}

/** Who a create has checked: the requester and the assignee asked for (null: none). */
type Parties = { requesterId: string; assigneeId: string | null };

/** The ticket filed under `reads` in one batch; undefined when the batch filed nothing (its guards failed). */
async function fileTicket(ctx: ActionContext, input: NewTicketInput, parties: Parties, reads: CreateReads): Promise<TicketWithClocks | undefined> {
  const { db, caller, now } = ctx;
  const { team, escalationPolicy: policy } = reads;
  if (!team) throw noTeam();

  const id = crypto.randomUUID();
  const escalation = policy ? ladderStep(db, raise(NO_LADDER, policy, 1, now.getTime())!, { trigger: "priority", reason: "a P1 ticket" }, caller.id, now) : undefined;
  const filed = {
    id,
    orgId: caller.orgId,
    teamId: input.teamId,
    title: input.title,
    description: input.description ?? "",
    priority: input.priority,
    category: input.category ?? null,
    customer: input.customer ?? null,
    tags: normalizeTags(input.tags ?? []),
    ...parties,
    createdAt: now,
    updatedAt: now,
    ...escalation?.patch,
  };
  // The automations on ticket.created (contract §9) act on the ticket as filed, in the same batch.
  const rules = await runAutomations(ctx, "ticket.created", null, asStored(filed), reads.rules);
  const ticket = { ...filed, ...rules?.patch };
  const auto = (input.assigneeId === undefined && team.autoAssign && !rules?.patch.assigneeId) || rules?.autoAssign === true;
  const history = (action: string, to: unknown): HistoryEntry => ({ ticketId: id, at: now, actorId: caller.id, action, to, ip: ctx.ip });
  const governance = ticket.priority === input.priority ? governanceAmong(reads.policies, ticket) : await governanceOf(db, caller.orgId, ticket);
  const started = governance && startClocks(governance, now.getTime());
  const clocks = governance ? clockRows(ticket, governance, clocksAfterMove(governance.calendar, started!, "new", ticket.status ?? "new", now.getTime()), now.getTime()) : [];
  const exists = ticketIsAt(id);
  const assignee = auto ? chosenAssignee(caller.orgId, ticket.teamId, ticket.category, id) : undefined;
  const assigned = sql`EXISTS (SELECT 1 FROM ${tickets} WHERE ${tickets.id} = ${id} AND ${tickets.assigneeId} IS NOT NULL)`;
  const noticeOf = (notice: Notice) => ticketNoticeStatements(db, { ...notice, ticketId: id }, crypto.randomUUID(), now.getTime());
  const results: unknown[] = await db.batch([
    ...insertTicketStatements(db, ticket, and(ctx.accountCheck?.guard(), configIsAt(db, caller.orgId, reads.version)), assignee),
    insertHistoryAtVersion(db, history("created", { teamId: input.teamId, priority: input.priority, title: input.title }), 1),
    ...clocks.map((clock) => putMetricAtVersion(db, clock, 1)),
    countLiveChange(db, [ticket.teamId], exists),
    ...(auto ? [autoAssignmentHistory(db, history("assigned", null), eligibleCount(caller.orgId, ticket.teamId, ticket.category, id))] : []),
    ...(ticket.assigneeId || auto ? [recordStoredAssignment(db, ticket.teamId, id, now)] : []),
    ...(rules?.statements(exists) ?? []),
    ...noticeOf({ ...createdNotice(caller.id, ticket), ...(auto && { toStoredAssignee: { except: caller.id } }) }),
    // No one eligible: the ticket stays unassigned and the team's managers hear of it.
    ...(auto ? noticeOf({ ...unassignableNotice(caller.id), onlyIf: sql`NOT ${assigned}` }) : []),
    ...(escalation?.after ?? []),
    selectTicket(db, id),
  ]);
  const [row] = results.at(-1) as TicketWithClocks[];
  if (!row) return undefined;
  ctx.publish?.(row.teamId, ticketEvent("ticket.created", row, now, clocks));
  ctx.enqueue?.(deliveryIdsOf(results));
  return row;
}

/** A ticket about to be filed, as a stored row reads, for the automations' conditions (no clocks yet). */
function asStored(filed: Partial<TicketRow>): TicketWithClocks {
  const fresh = { seq: 0, number: 0, key: "", status: "new", version: 1, reopenCount: 0, firstRespondedAt: null, resolvedAt: null, closedAt: null, escalationLevel: 0, escalationRound: 0 };
  return { ...fresh, ...filed, clocks: "[]" } as TicketWithClocks;
}
