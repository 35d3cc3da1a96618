import { deleteAutomation, findAutomation, insertAutomation, listAutomations, replaceAutomation, toRule, type AutomationFilter, type AutomationRow } from "../db/automations";
import { evaluateRule, type AutomationAction, type AutomationEvent } from "../domain/automation-rules";
import { ApiError } from "../http/errors";
import { toPage, type PageRequest } from "../http/pagination";
import { checkedRule } from "./automation-refs";
import { ticketFacts } from "./automation-facts";
import type { ActionContext } from "./context";
import { visibleTicket } from "./ticket-access";

/** Who manages rules and when; the routes admit admins and managers only. */
export type AutomationContext = Pick<ActionContext, "db" | "caller" | "now">;

async function ruleOf(ctx: AutomationContext, id: string): Promise<AutomationRow> {
  const row = await findAutomation(ctx.db, ctx.caller.orgId, id);
  if (!row) throw ApiError.notFound("automation");
  return row;
}

/** One page of the organization's rules in run order (`position`), optionally of one event or switch state. */
export async function listOrgAutomations(ctx: AutomationContext, filter: AutomationFilter, page: PageRequest<"position">) {
  const rows = await listAutomations(ctx.db, ctx.caller.orgId, filter, page);
  return toPage(rows, page.limit, (row) => ({ value: row.position, id: row.id }));
}

/** Checks `body` (shape, then ids) and stores the rule last in the run order. */
export async function createAutomation(ctx: AutomationContext, body: unknown): Promise<AutomationRow> {
  const rule = await checkedRule(ctx.db, ctx.caller.orgId, body);
  const [row] = await insertAutomation(ctx.db, { id: crypto.randomUUID(), orgId: ctx.caller.orgId, createdBy: ctx.caller.id, now: ctx.now, rule });
  return row!;
}

/** A rule of the caller's organization; 404 for any other. */
export const getAutomation = (ctx: AutomationContext, id: string) => ruleOf(ctx, id);

/** Replaces the whole rule (what `body` leaves out takes its default: enabled, no conditions); it keeps its place in the run order. */
export async function putAutomation(ctx: AutomationContext, id: string, body: unknown): Promise<AutomationRow> {
  // The 404 comes before the 400: a client learns nothing about a body for a rule it cannot see.
  await ruleOf(ctx, id);
  const rule = await checkedRule(ctx.db, ctx.caller.orgId, body);
  const [row] = await replaceAutomation(ctx.db, ctx.caller.orgId, id, rule, ctx.now);
  if (!row) throw ApiError.notFound("automation");
  return row;
}

/** Deletes a rule; the history its actions wrote keeps its id. */
export async function removeAutomation(ctx: AutomationContext, id: string): Promise<void> {
  const [deleted] = await deleteAutomation(ctx.db, ctx.caller.orgId, id);
  if (!deleted) throw ApiError.notFound("automation");
}

/**
 * What the rule would do to the ticket now on `event`, enabled or not, changing nothing. There is
 * no change to compare with, so it evaluates with no "before": `changed` and `changed_to`
 * conditions are false in a dry run. The ticket must be one the caller may see (404 otherwise).
 */
export async function dryRunAutomation(ctx: AutomationContext, id: string, input: { ticketId: string; event: AutomationEvent }): Promise<{ matched: boolean; actions: AutomationAction[] }> {
  const rule = toRule(await ruleOf(ctx, id));
  const ticket = await visibleTicket(ctx.db, ctx.caller, input.ticketId);
  return evaluateRule(rule, input.event, null, ticketFacts(ticket, ctx.now));
}
