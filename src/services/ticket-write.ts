import { and, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { ticketNoticeStatements } from "../db/outbox";
import { putMetricAtVersion, type MetricRow } from "../db/sla-metrics";
import { countLiveChange } from "../db/teams";
import { insertHistoryAtVersion, retargetHistoryAtVersion } from "../db/ticket-history";
import { selectTicket, ticketIsAt, updateTicketAtVersion, type TicketPatch, type TicketRow } from "../db/tickets";
import { ApiError } from "../http/errors";
import { ticketEvent } from "../live/publish";
import { deliveryIdsOf } from "../notify/delivery-queue";
import type { Notice } from "../notify/ticket-notices";
import type { ActionContext } from "./context";
import { isAutomationEvent, type AutomationEvent, type AutomationRule } from "../domain/automation-rules";
import { targetsOf } from "../domain/sla-timeline";
import { planAutoAssignment } from "./auto-assignment";
import { runAutomations } from "./automation-runner";
import { clocksAfterChange } from "./ticket-clocks";
import { visibleTicketWithRules } from "./ticket-access";
import { storedClocks, type TicketWithClocks } from "./ticket-sla";

/**
 * A planned write: the fields to set, the history row's action, from and to, and the ticket's SLA
 * clocks when the change moves them. Null: nothing changes.
 */
export type Plan = {
  patch: TicketPatch;
  action: string;
  from: unknown;
  to: unknown;
  clocks?: MetricRow[];
  notice?: Notice;
  /** Statements that follow the update in its batch and select what it changed (an escalation's follow-ups). */
  after?: BatchItem<"sqlite">[];
  /** A further condition the whole change holds under (an auto-assignment's count as read); lost, the change is planned again. */
  onlyIf?: SQL;
  /** What the automations the change fired do after it, given the condition that it happened. */
  automations?: (applied: SQL) => BatchItem<"sqlite">[];
} | null;

const MAX_ATTEMPTS = 4;

function versionConflict(ticket: TicketRow) {
  return new ApiError(412, "E_VERSION_CONFLICT", "The ticket changed since that version; read it again.", { currentVersion: ticket.version });
}

/**
 * Reads the ticket, plans the change against what it read, and writes the change with its history
 * row only if the ticket is still at the version read. With `If-Match` a lost race is the client's
 * 412; without, the change is planned again on the fresh row, so no write is ever lost.
 */
export async function writeTicket(ctx: ActionContext, event: string, id: string, ifMatch: number | undefined, plan: (ticket: TicketWithClocks) => Promise<Plan> | Plan): Promise<TicketWithClocks> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const { ticket, rules } = await visibleTicketWithRules(ctx.db, ctx.caller, id, event);
    if (ifMatch !== undefined && ticket.version !== ifMatch) throw versionConflict(ticket);
    const planned = await plan(ticket);
    if (!planned) return ticket;
    const change = await withAutomations(ctx, event, ticket, planned, rules);
    const entry = { ticketId: ticket.id, at: ctx.now, actorId: ctx.caller.id, action: change.action, from: change.from, to: change.to, ip: ctx.ip };
    const { db } = ctx;
    const clocks = (change.clocks ?? []).map((clock) => putMetricAtVersion(db, clock, ticket.version));
    // Read before the update, at the version the update requires: they stand or fall with it.
    const { onlyIf } = change;
    const notices = change.notice ? ticketNoticeStatements(db, { ...change.notice, ticketId: ticket.id, version: ticket.version, onlyIf }, crypto.randomUUID(), ctx.now.getTime()) : [];
    const statements: BatchItem<"sqlite">[] = [
      // A re-target's row before the change's own, which stays the change's last row before its automations'.
      ...retargetHistory(ctx, ticket, change.clocks, onlyIf),
      insertHistoryAtVersion(db, entry, ticket.version, onlyIf),
      ...clocks,
      countLiveChange(db, [ticket.teamId, change.patch.teamId ?? ticket.teamId], and(ticketIsAt(ticket.id, ticket.version), onlyIf)),
      ...notices,
    ];
    const updateAt = statements.push(updateTicketAtVersion(db, ticket.id, ticket.version, change.patch, ctx.now, onlyIf)) - 1;
    statements.push(...(change.after ?? []), ...(change.automations?.(ticketIsAt(ticket.id, ticket.version + 1)) ?? []), selectTicket(db, ticket.id));
    const results: unknown[] = await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    const [updated] = results[updateAt] as TicketRow[];
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

/**
 * The history row of a re-target when the change's clocks carry another policy or other targets
 * than the stored ones (the SLA timeline replays from it), guarded like the change's own row.
 */
function retargetHistory(ctx: ActionContext, ticket: TicketWithClocks, rows: MetricRow[] | undefined, onlyIf: SQL | undefined) {
  const stored = storedClocks(ticket);
  const [response, resolution] = (["response", "resolution"] as const).map((metric) => rows?.find((row) => row.metric === metric));
  if (!stored || !response || !resolution) return [];
  const to = { policyId: resolution.policyId ?? "", responseMinutes: response.targetMinutes, resolutionMinutes: resolution.targetMinutes };
  const entry = { ticketId: ticket.id, at: ctx.now, actorId: ctx.caller.id, ip: ctx.ip };
  return retargetHistoryAtVersion(ctx.db, entry, targetsOf(stored.governance), to, ticket.version, onlyIf);
}

/**
 * The change with what the automations of its event do (contract §9): their fields over the
 * change's, the clocks again when they touch priority, team or status, an auto-assignment held to
 * the count it read, and their statements after the update. `rules`: the event's, when read
 * with the ticket.
 */
async function withAutomations(ctx: ActionContext, event: string, ticket: TicketWithClocks, change: NonNullable<Plan>, rules?: AutomationRule[]): Promise<NonNullable<Plan>> {
  if (!isAutomationEvent(event)) return change;
  const outcome = await runAutomations(ctx, event, ticket, { ...ticket, ...change.patch }, rules);
  if (!outcome) return change;
  const patch = { ...change.patch, ...outcome.patch };
  const auto = outcome.autoAssign ? await planAutoAssignment(ctx.db, ctx.caller.orgId, patch.teamId ?? ticket.teamId, patch.category ?? ticket.category, ctx.now) : undefined;
  if (auto?.kind === "assigned") patch.assigneeId = auto.choice.userId;
  const clocks = Object.keys(outcome.patch).length > 0 ? ((await clocksAfterChange(ctx, ticket, patch)) ?? change.clocks) : change.clocks;
  return {
    ...change,
    patch,
    clocks,
    onlyIf: auto?.kind === "assigned" ? and(change.onlyIf, auto.guard) : change.onlyIf,
    automations: (applied) => [...outcome.statements(applied), ...(auto?.kind === "assigned" ? [auto.record(applied)] : [])],
  };
}

/**
 * The automations of an event whose write does not itself update the ticket (a comment): their
 * fields as a conditional update at the version read, with their clocks and statements after it,
 * for the event's own batch. `changed` says whether the ticket's fields moved (then the room
 * gets a `ticket.updated` too, counted with the write's). `rules`: the event's, when already read.
 */
export async function automationsOfEvent(ctx: ActionContext, event: AutomationEvent, ticket: TicketWithClocks, rules?: AutomationRule[]): Promise<{ statements: BatchItem<"sqlite">[]; changed: boolean }> {
  const none = { patch: {}, action: "automation", from: null, to: null };
  const change = await withAutomations(ctx, event, ticket, none, rules);
  if (change === none) return { statements: [], changed: false };
  const { db } = ctx;
  const changed = Object.keys(change.patch).length > 0;
  const applied = ticketIsAt(ticket.id, changed ? ticket.version + 1 : ticket.version);
  return {
    changed,
    statements: [
      ...retargetHistory(ctx, ticket, change.clocks, change.onlyIf),
      ...(change.clocks ?? []).map((clock) => putMetricAtVersion(db, clock, ticket.version)),
      ...(changed ? [updateTicketAtVersion(db, ticket.id, ticket.version, change.patch, ctx.now, change.onlyIf), countLiveChange(db, [ticket.teamId, change.patch.teamId ?? ticket.teamId], applied)] : []),
      ...(change.automations?.(applied) ?? []),
    ],
  };
}
