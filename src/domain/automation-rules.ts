/**
 * Automation rules (contract §9): what a rule is and whether it fires. Pure and stateless, it only
 * decides: the caller loads the rules and the ticket as it was and is, and applies the actions. No loops:
 * the caller evaluates once per event, on the change a person or the system made, and must not
 * feed the changes the actions make back into evaluation (no `ticket.updated` for them).
 */
import { NOTIFICATION_EVENTS } from "./notification-events";
import { RISK_BANDS } from "./risk";
import { PRIORITIES, normalizeTags, type Priority, type TicketStatus } from "./ticket-fields";

export const AUTOMATION_EVENTS = [...NOTIFICATION_EVENTS, "ticket.updated"] as const;
export type AutomationEvent = (typeof AUTOMATION_EVENTS)[number];

export function isAutomationEvent(name: string): name is AutomationEvent {
  return (AUTOMATION_EVENTS as readonly string[]).includes(name);
}

export const CONDITION_FIELDS = [
  "priority", "category", "status", "teamId", "assigneeId", "customer", "tags", "title", "description", "escalationLevel", "sla.risk", "sla.riskPercent",
] as const;
export type ConditionField = (typeof CONDITION_FIELDS)[number];

export const CONDITION_OPS = ["eq", "neq", "in", "contains", "gte", "lte", "changed", "changed_to"] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/**
 * What a field holds, which decides what its operators compare. Of the named sets, `priority` and
 * `band` are ordered (`gte`/`lte` apply); `status` is not: its order is a life, not a ranking.
 */
export const FIELD_KINDS = {
  priority: "priority", category: "nullable", status: "status", teamId: "text", assigneeId: "nullable", customer: "nullable",
  tags: "tags", title: "text", description: "text", escalationLevel: "number", "sla.risk": "band", "sla.riskPercent": "number",
} as const satisfies Record<ConditionField, string>;

export type Condition = { field: ConditionField; op: ConditionOp; value?: unknown };

export type AutomationAction =
  | { action: "assign"; userId: string } | { action: "assign"; auto: true }
  | { action: "set_priority"; priority: Priority } | { action: "set_team"; teamId: string } | { action: "add_tag"; tag: string }
  | { action: "notify"; userIds?: string[]; role?: "manager" | "admin"; webhookId?: string } | { action: "escalate" }
  | { action: "set_status"; status: TicketStatus } | { action: "comment"; body: string; public: boolean };

export type AutomationRule = { id: string; name: string; enabled: boolean; on: AutomationEvent; if: { all?: Condition[]; any?: Condition[] }; then: AutomationAction[] };

/** The ticket facts conditions read: the ticket's fields plus sla.risk / sla.riskPercent. */
export type TicketFacts = {
  priority: string; category: string | null; status: string; teamId: string; assigneeId: string | null; customer: string | null;
  tags: string[]; title: string; description: string; escalationLevel: number; sla: { risk: string; riskPercent: number } | null;
};

/** A field's value in `facts`; undefined when unknown (an `sla.*` field of a ticket without SLA). */
function read(facts: TicketFacts, field: ConditionField): unknown {
  return field === "sla.risk" ? facts.sla?.risk : field === "sla.riskPercent" ? facts.sla?.riskPercent : facts[field];
}

/** Tags compare as sets of normalized tags, as tickets keep them (trimmed, lower-case); non-strings never match. */
function tagSet(value: unknown): Set<string> | undefined {
  return Array.isArray(value) ? new Set(normalizeTags(value.filter((tag) => typeof tag === "string"))) : undefined;
}

function same(field: ConditionField, a: unknown, b: unknown): boolean {
  if (FIELD_KINDS[field] !== "tags") return a === b;
  const [left, right] = [tagSet(a), tagSet(b)];
  return left !== undefined && right !== undefined && left.size === right.size && [...left].every((tag) => right.has(tag));
}

const URGENCY: readonly unknown[] = [...PRIORITIES].reverse(); // P4 … P1: the more urgent, the higher

/** Where a value stands for `gte`/`lte`: its urgency, its band's order, or the number itself. */
function rank(field: ConditionField, value: unknown): number | undefined {
  const kind = FIELD_KINDS[field];
  if (kind === "number") return typeof value === "number" && Number.isFinite(value) ? value : undefined;
  const order = kind === "priority" ? URGENCY : kind === "band" ? (RISK_BANDS as readonly unknown[]) : [];
  return order.includes(value) ? order.indexOf(value) : undefined;
}

function changed(field: ConditionField, before: TicketFacts | null, now: unknown): boolean {
  const was = before === null ? undefined : read(before, field);
  return was !== undefined && !same(field, was, now);
}

/** Whether one condition holds; any value of the wrong type makes it false (never an error). */
function holds({ field, op, value }: Condition, before: TicketFacts | null, after: TicketFacts): boolean {
  const now = read(after, field);
  if (now === undefined) return false;
  const tags = FIELD_KINDS[field] === "tags";
  switch (op) {
    case "eq":
      return same(field, now, value);
    case "neq":
      return !same(field, now, value);
    case "in":
      if (!Array.isArray(value)) return false;
      return tags ? [...tagSet(now)!].some((tag) => tagSet(value)!.has(tag)) : value.includes(now);
    case "contains":
      if (typeof value !== "string") return false;
      if (tags) return tagSet(now)?.has(value.trim().toLowerCase()) ?? false;
      return typeof now === "string" && now.toLowerCase().includes(value.toLowerCase());
    case "gte":
    case "lte": {
      const [have, want] = [rank(field, now), rank(field, value)];
      if (have === undefined || want === undefined) return false;
      return op === "gte" ? have >= want : have <= want;
    }
    case "changed":
    case "changed_to":
      return changed(field, before, now) && (op === "changed" || same(field, now, value));
  }
}

/**
 * Whether a rule's conditions hold for the ticket as it is (`after`), having been `before`
 * (null: there was no before, as on `ticket.created`). `all`: every condition holds (absent or
 * empty: true); `any`: at least one holds (absent: true, present but empty: false); both must hold.
 *
 * Operators: `eq`/`neq` strict (`neq` is exactly not `eq`; for `tags`, the tag set equals the
 * array, ignoring order and case). `in`: the value is an array holding the field's value (for
 * `tags`: holding any of the ticket's tags). `contains`: text contains the value ignoring case;
 * `tags` holds the tag. `gte`/`lte`: numbers; priorities by urgency, so `gte P2` is P1 or P2 and
 * `lte P2` is P2, P3 or P4; `sla.risk` by band, safe < warning < high_risk < breached.
 * `changed`: there is a before and the field differs from it; `changed_to`: changed, and now
 * equals the value. On a ticket without SLA every `sla.*` condition is false, `neq` and
 * `changed` included: an unknown value is neither equal nor unequal to anything.
 */
export function matches(rule: Pick<AutomationRule, "if">, before: TicketFacts | null, after: TicketFacts): boolean {
  const { all, any } = rule.if;
  const check = (condition: Condition): boolean => holds(condition, before, after);
  return (all ?? []).every(check) && (any === undefined || any.some(check));
}

/**
 * What one rule would do on `event`, ignoring `enabled` (a dry-run answers for a disabled rule
 * too): matched when the rule is for this event and its conditions hold; the actions then, else none.
 */
export function evaluateRule(rule: AutomationRule, event: AutomationEvent, before: TicketFacts | null, after: TicketFacts): { matched: boolean; actions: AutomationAction[] } {
  const matched = rule.on === event && matches(rule, before, after);
  return { matched, actions: matched ? [...rule.then] : [] };
}

/**
 * Rules run in order, each at most once per event: the enabled rules for `event` whose conditions
 * hold, with their actions. Every rule sees the same before and after: an earlier rule's actions
 * are not applied in between (see the loop rule at the top). A repeated id counts once.
 */
export function evaluateRules(rules: readonly AutomationRule[], event: AutomationEvent, before: TicketFacts | null, after: TicketFacts): { ruleId: string; actions: AutomationAction[] }[] {
  const seen = new Set<string>();
  return rules.flatMap((rule) => {
    if (!rule.enabled || seen.has(rule.id)) return [];
    seen.add(rule.id);
    const { matched, actions } = evaluateRule(rule, event, before, after);
    return matched ? [{ ruleId: rule.id, actions }] : [];
  });
}
