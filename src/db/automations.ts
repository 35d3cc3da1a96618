import { and, asc, eq, max, sql } from "drizzle-orm";
import type { AutomationAction, AutomationEvent, AutomationRule } from "../domain/automation-rules";
import type { PageRequest } from "../http/pagination";
import type { Database } from "./client";
import { bound, inTableOrder } from "./insert-select";
import { afterCursor, keysetOrder } from "./keyset";
import { automations } from "./schema";

/** A stored rule; `conditions` is its `if`, `actions` its `then`. */
export type AutomationRow = typeof automations.$inferSelect;

/** A rule as checked by `checkRuleShape`, without what the database decides (id, position, times). */
export type AutomationDraft = Omit<AutomationRule, "id">;

const ofOrg = (orgId: string, id: string) => and(eq(automations.orgId, orgId), eq(automations.id, id));

/** A stored row as the rule the evaluator reads. The JSON was checked on the way in, so it is trusted here. */
export function toRule(row: AutomationRow): AutomationRule {
  return { id: row.id, name: row.name, enabled: row.enabled, on: row.on as AutomationEvent, if: row.conditions as AutomationRule["if"], then: row.actions as AutomationAction[] };
}

/**
 * Stores a new rule last in its organization's run order: its position is the organization's
 * highest plus one, computed by the INSERT itself, so two creates at once need no read first and
 * (D1 runs one statement at a time) still get distinct positions. Returns the row.
 */
export function insertAutomation(db: Database, values: { id: string; orgId: string; createdBy: string; now: Date; rule: AutomationDraft }) {
  const { rule, now } = values;
  const row = {
    id: bound(values.id),
    orgId: bound(values.orgId),
    name: bound(rule.name),
    enabled: bound(rule.enabled ? 1 : 0),
    on: bound(rule.on),
    conditions: bound(JSON.stringify(rule.if)),
    actions: bound(JSON.stringify(rule.then)),
    position: sql`coalesce(${max(automations.position)}, 0) + 1`,
    createdBy: bound(values.createdBy),
    createdAt: bound(now.getTime()),
    updatedAt: bound(now.getTime()),
  };
  // An aggregate without GROUP BY yields one row even for an organization without rules.
  const select = db.select(inTableOrder(automations, row)).from(automations).where(eq(automations.orgId, values.orgId));
  return db.insert(automations).select(select).returning();
}

/** A rule of `orgId`, or undefined: another organization's id reads as missing. */
export function findAutomation(db: Database, orgId: string, id: string) {
  return db.query.automations.findFirst({ where: ofOrg(orgId, id) });
}

/** Replaces a rule's name, switch, event, conditions and actions; its position and creation stay. */
export function replaceAutomation(db: Database, orgId: string, id: string, rule: AutomationDraft, now: Date) {
  return db
    .update(automations)
    .set({ name: rule.name, enabled: rule.enabled, on: rule.on, conditions: rule.if, actions: rule.then, updatedAt: now })
    .where(ofOrg(orgId, id))
    .returning();
}

/** Deletes a rule of `orgId`; returns the deleted id, if any. */
export function deleteAutomation(db: Database, orgId: string, id: string) {
  return db.delete(automations).where(ofOrg(orgId, id)).returning({ id: automations.id });
}

/** The list's filters: one event, enabled or disabled rules. */
export type AutomationFilter = { on?: AutomationEvent; enabled?: boolean };

/**
 * One keyset page (`limit + 1` rows) of an organization's rules in run order. Pages go by
 * (position, id): positions are distinct within an organization (see `insertAutomation`), so this
 * is the run order of `enabledRulesFor`.
 */
export function listAutomations(db: Database, orgId: string, filter: AutomationFilter, page: PageRequest<"position">) {
  return db
    .select()
    .from(automations)
    .where(
      and(
        eq(automations.orgId, orgId),
        filter.on === undefined ? undefined : eq(automations.on, filter.on),
        filter.enabled === undefined ? undefined : eq(automations.enabled, filter.enabled),
        afterCursor(automations.position, automations.id, page.descending, page.cursor),
      ),
    )
    .orderBy(...keysetOrder(automations.position, automations.id, page.descending))
    .limit(page.limit + 1);
}

/**
 * The rows of the enabled rules of `orgId` for `event`, in the order they run (position, then
 * creation), as a query a caller may batch with its other reads (`toRule` makes each a rule). The
 * index `automations_org_event_idx` serves it.
 */
export function enabledRulesQuery(db: Database, orgId: string, event: AutomationEvent) {
  return db
    .select()
    .from(automations)
    .where(and(eq(automations.orgId, orgId), eq(automations.on, event), eq(automations.enabled, true)))
    .orderBy(asc(automations.position), asc(automations.createdAt), asc(automations.id));
}

/** The enabled rules of `orgId` for `event`, in order: what the rule runner evaluates for one event. */
export async function enabledRulesFor(db: Database, orgId: string, event: AutomationEvent): Promise<AutomationRule[]> {
  return (await enabledRulesQuery(db, orgId, event)).map(toRule);
}
