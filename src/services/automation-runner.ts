import type { SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { enabledRulesFor } from "../db/automations";
import { insertCommentIf } from "../db/comments";
import { policyOf } from "../db/escalation-policies";
import { ticketNoticeStatements } from "../db/outbox";
import { findActiveMember, findTeamInOrg } from "../db/teams";
import { insertHistoryRowsIf } from "../db/ticket-history";
import type { TicketPatch } from "../db/tickets";
import { evaluateRules, type AutomationAction, type AutomationEvent, type AutomationRule } from "../domain/automation-rules";
import { escalateManually } from "../domain/escalation-ladder";
import { normalizeTags } from "../domain/ticket-fields";
import { planStatusChange } from "../domain/ticket-status";
import { automationNotice } from "../notify/ticket-notices";
import { ticketFacts } from "./automation-facts";
import type { ActionContext } from "./context";
import { ladderOf, ladderStep } from "./escalation-steps";
import type { TicketWithClocks } from "./ticket-sla";

/**
 * What the automations of an event do to a change (contract §9): the fields they set (merged over
 * the change's own, in rule order), and the statements that record and follow them, for the
 * change's own batch, each standing or falling with it (`applied`). A rule's own changes fire no
 * rules: the rules see the change once, and each rule runs at most once per event.
 */
export type AutomationOutcome = { patch: TicketPatch; statements: (applied: SQL) => BatchItem<"sqlite">[]; autoAssign: boolean };

type Ticket = TicketWithClocks;

/**
 * Runs the org's enabled rules for `event` over the ticket before and after the change; undefined
 * when none fires. `loaded`: the rules, when the caller read them with its other reads (`enabledRulesQuery`).
 */
export async function runAutomations(
  ctx: ActionContext,
  event: AutomationEvent,
  before: Ticket | null,
  after: Ticket,
  loaded?: AutomationRule[],
): Promise<AutomationOutcome | undefined> {
  const rules = loaded ?? (await enabledRulesFor(ctx.db, ctx.caller.orgId, event));
  if (rules.length === 0) return undefined;
  const fired = evaluateRules(rules, event, before && ticketFacts(before, ctx.now), ticketFacts(after, ctx.now));
  if (fired.length === 0) return undefined;

  let state: Ticket = after;
  const patch: TicketPatch = {};
  const history: { at: Date; actorId: string; action: string; to: unknown; ip: string | null }[] = [];
  const follow: ((applied: SQL) => BatchItem<"sqlite">[])[] = [];
  let autoAssign = false;
  const set = (fields: TicketPatch) => {
    Object.assign(patch, fields);
    state = { ...state, ...fields };
  };
  for (const { ruleId, actions } of fired) {
    for (const action of actions) {
      const taken = await apply(ctx, state, action, ruleId, set, follow);
      if (taken === "auto") autoAssign = true;
      history.push({ at: ctx.now, actorId: ctx.caller.id, action: `automation.${action.action}`, to: { ruleId, ...action, ...(taken === "skipped" && { skipped: true }) }, ip: ctx.ip });
    }
  }
  return {
    patch,
    autoAssign,
    statements: (applied) => [insertHistoryRowsIf(ctx.db, after.id, history, applied), ...follow.flatMap((statements) => statements(applied))],
  };
}

/** One action on the ticket as the rules have left it so far. */
async function apply(
  ctx: ActionContext,
  ticket: Ticket,
  action: AutomationAction,
  ruleId: string,
  set: (fields: TicketPatch) => void,
  follow: ((applied: SQL) => BatchItem<"sqlite">[])[],
): Promise<"done" | "skipped" | "auto"> {
  switch (action.action) {
    case "set_priority":
      set({ priority: action.priority });
      return "done";
    case "add_tag":
      set({ tags: normalizeTags([...ticket.tags, action.tag]) });
      return "done";
    case "set_team": {
      // A team deleted since the rule was written: the action is skipped, the change still happens.
      if (!(await findTeamInOrg(ctx.db, ctx.caller.orgId, action.teamId))) return "skipped";
      const keeps = ticket.assigneeId !== null && (await findActiveMember(ctx.db, ctx.caller.orgId, action.teamId, ticket.assigneeId));
      set({ teamId: action.teamId, ...(!keeps && { assigneeId: null }) });
      return "done";
    }
    case "assign":
      if ("auto" in action) return "auto";
      if (!(await findActiveMember(ctx.db, ctx.caller.orgId, ticket.teamId, action.userId))) return "skipped";
      set({ assigneeId: action.userId });
      return "done";
    case "set_status": {
      const plan = planStatusChange(ticket, action.status, "admin", ctx.now);
      if (!plan.ok) return "skipped";
      set({ ...plan.changes, ...(plan.changes.status === "resolved" || plan.changes.status === "closed" ? { escalationNextStepAt: null } : {}) });
      return "done";
    }
    case "escalate": {
      const next = escalateManually({ ...ladderOf(ticket), since: null }, await policyOf(ctx.db, ticket.teamId), ctx.now.getTime());
      if (next.kind !== "step") return "skipped";
      const step = ladderStep(ctx.db, next.ladder, { trigger: "automation", reason: `automation ${ruleId}` }, ctx.caller.id, ctx.now);
      set(step.patch);
      follow.push(() => step.after);
      return "done";
    }
    case "comment": {
      const comment = { id: crypto.randomUUID(), ticketId: ticket.id, authorId: ctx.caller.id, body: action.body, public: action.public, createdAt: ctx.now };
      follow.push((applied) => [insertCommentIf(ctx.db, comment, applied)]);
      return "done";
    }
    case "notify": {
      const notice = automationNotice(ctx.caller.id, ruleId, action);
      follow.push((applied) => [...ticketNoticeStatements(ctx.db, { ...notice, ticketId: ticket.id, onlyIf: applied }, crypto.randomUUID(), ctx.now.getTime())]);
      return "done";
    }
  }
}
