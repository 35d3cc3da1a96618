/**
 * Checks an automation rule as received (unknown JSON, contract §9), naming each bad field by its
 * path (`if.all.0.field`, `then.2.action`). No database: ids are only listed for the service.
 */
import { AUTOMATION_EVENTS, CONDITION_FIELDS, CONDITION_OPS, FIELD_KINDS, type AutomationAction, type AutomationEvent, type AutomationRule, type Condition } from "./automation-rules";
import { RISK_BANDS } from "./risk";
import { TICKET_STATUSES, toPriority } from "./ticket-fields";

export type RuleIssue = { path: string; message: string };
type Draft = Omit<AutomationRule, "id">;
type Say = (path: string, message: string) => undefined; // records an issue; undefined, so a checker may `return say(…)`
type Json = Record<string, unknown>;
type Check = (value: unknown, path: string, say: Say) => unknown;

/** Bounds that keep one rule cheap to store and evaluate; `values` caps an `in` or tag list and the users to notify. */
export const RULE_LIMITS = { name: 200, id: 200, conditions: 20, actions: 10, values: 100, text: 20_000, tag: 50 } as const;

const isJson = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T => (list as readonly unknown[]).includes(value);
const at = (path: string, key: string | number): string => (path === "" ? String(key) : `${path}.${key}`);
const unknownName = (what: string, value: unknown): string => (value === undefined ? "Required." : `Unknown ${what} ${JSON.stringify(value)}.`);
const unknownKeys = (object: Json, known: readonly string[], path: string, say: Say): void =>
  Object.keys(object).forEach((key) => known.includes(key) || say(at(path, key), `Unknown field "${key}".`));

/** A string of 1–`max` characters after trimming; the trimmed string. */
function text(value: unknown, path: string, say: Say, max: number): string {
  const trimmed = typeof value === "string" ? value.trim() : undefined;
  if (trimmed === undefined) say(path, value === undefined ? "Required." : "Use a string.");
  else if (trimmed.length < 1 || trimmed.length > max) say(path, `Use 1–${max} characters.`);
  return trimmed ?? "";
}

/** One value of a field's kind; a priority may be an alias (HIGH) and comes back in its P form. */
function scalar(kind: (typeof FIELD_KINDS)[keyof typeof FIELD_KINDS], value: unknown, path: string, say: Say): unknown {
  if (kind === "priority") return (typeof value === "string" ? toPriority(value) : undefined) ?? say(path, "Use a priority: P1, P2, P3 or P4.");
  if (kind === "status" && !isOneOf(TICKET_STATUSES, value)) say(path, `Use a status: ${TICKET_STATUSES.join(", ")}.`);
  if (kind === "band" && !isOneOf(RISK_BANDS, value)) say(path, `Use a risk band: ${RISK_BANDS.join(", ")}.`);
  if (kind === "number" && !(typeof value === "number" && Number.isFinite(value))) say(path, "Use a number.");
  if (kind === "nullable" && value !== null && typeof value !== "string") say(path, "Use a string or null.");
  if ((kind === "text" || kind === "tags") && typeof value !== "string") say(path, "Use a string.");
  return value;
}

function list(value: unknown, path: string, say: Say, min: number, max: number, each: Check): unknown[] {
  if (!Array.isArray(value)) return say(path, value === undefined ? "Required." : "Use an array.") ?? [];
  if (value.length < min || value.length > max) say(path, `Use ${min}–${max} items.`);
  return value.map((item, index) => each(item, at(path, index), say));
}

const id: Check = (value, path, say) => text(value, path, say, RULE_LIMITS.id);
/** Each action's fields and their checks; those in OPTIONAL may be left out, the others are required. */
const ACTIONS: Record<AutomationAction["action"], Record<string, Check>> = {
  assign: { userId: id, auto: (value, path, say) => value === true || say(path, "Use true (or a userId instead).") },
  set_priority: { priority: (value, path, say) => scalar("priority", value, path, say) },
  set_team: { teamId: id }, escalate: {},
  add_tag: { tag: (value, path, say) => text(value, path, say, RULE_LIMITS.tag) },
  notify: {
    userIds: (value, path, say) => list(value, path, say, 0, RULE_LIMITS.values, id),
    role: (value, path, say) => (isOneOf(["manager", "admin"], value) ? value : say(path, "Use manager or admin.")),
    webhookId: id,
  },
  set_status: { status: (value, path, say) => scalar("status", value, path, say) },
  comment: {
    body: (value, path, say) => text(value, path, say, RULE_LIMITS.text),
    // Public unless said otherwise, like a comment written through the API.
    public: (value, path, say) => (value === undefined || typeof value === "boolean" ? value !== false : say(path, "Use true or false.")),
  },
};
const OPTIONAL = ["assign.userId", "assign.auto", "notify.userIds", "notify.role", "notify.webhookId"];

function condition(raw: unknown, path: string, say: Say): Condition | undefined {
  if (!isJson(raw)) return say(path, "A condition is an object {field, op, value}.");
  unknownKeys(raw, ["field", "op", "value"], path, say);
  const { field, op, value } = raw;
  if (!isOneOf(CONDITION_FIELDS, field)) say(at(path, "field"), unknownName("field", field));
  if (!isOneOf(CONDITION_OPS, op)) say(at(path, "op"), unknownName("operator", op));
  if (!isOneOf(CONDITION_FIELDS, field) || !isOneOf(CONDITION_OPS, op)) return undefined;
  const [kind, valuePath] = [FIELD_KINDS[field], at(path, "value")];
  if (op === "changed") return value === undefined ? { field, op } : say(valuePath, "changed takes no value.");
  if (value === undefined) return say(valuePath, "Required.");
  if ((op === "gte" || op === "lte") && !["number", "priority", "band"].includes(kind)) return say(at(path, "op"), `${op} compares numbers, priorities and risk bands, not ${field}.`);
  if (op === "contains" && kind === "number") return say(at(path, "op"), `contains reads text and tags, not ${field}.`);
  // contains keeps its value as given: spaces around it may be what is looked for.
  if (op === "contains") return { field, op, value: text(value, valuePath, say, RULE_LIMITS.text) && value };
  const item: Check = (each, itemPath) => scalar(kind, each, itemPath, say);
  // eq, neq and changed_to on tags compare the whole tag set, so their value is a list, like in's.
  if (op === "in" || kind === "tags") return { field, op, value: list(value, valuePath, say, op === "in" ? 1 : 0, RULE_LIMITS.values, item) };
  return { field, op, value: item(value, valuePath, say) };
}

function action(raw: unknown, path: string, say: Say): AutomationAction | undefined {
  if (!isJson(raw)) return say(path, "An action is an object {action, …}.");
  const name = raw.action;
  if (typeof name !== "string" || !Object.hasOwn(ACTIONS, name)) return say(at(path, "action"), unknownName("action", name));
  const spec = ACTIONS[name as AutomationAction["action"]];
  unknownKeys(raw, ["action", ...Object.keys(spec)], path, say);
  const given = Object.entries(spec).filter(([key]) => raw[key] !== undefined || !OPTIONAL.includes(`${name}.${key}`));
  const checked = { action: name, ...Object.fromEntries(given.map(([key, check]) => [key, check(raw[key], at(path, key), say)])) };
  if (name === "assign" && (raw.userId === undefined) === (raw.auto === undefined)) say(path, "Use either userId or auto: true.");
  const anyone = [raw.userIds, raw.role, raw.webhookId].some((named) => named !== undefined && !(Array.isArray(named) && named.length === 0));
  if (name === "notify" && !anyone) say(path, "Name userIds, a role or a webhookId to notify.");
  return checked as AutomationAction;
}

/**
 * The rule as it will be stored, or every issue found, each at its path (unknown keys too, at any
 * level). `name` 1–200 characters, kept trimmed; `enabled` true unless false; no `if` is no
 * conditions (the rule fires on every ticket of its event); 0–20 conditions per list, 1–10 actions.
 */
export function checkRuleShape(input: unknown): { ok: true; rule: Draft } | { ok: false; issues: RuleIssue[] } {
  const issues: RuleIssue[] = [];
  const say: Say = (path, message) => void issues.push({ path, message });
  if (!isJson(input)) return { ok: false, issues: [{ path: "", message: "A rule is an object {name, enabled, on, if, then}." }] };
  unknownKeys(input, ["name", "enabled", "on", "if", "then"], "", say);
  const name = text(input.name, "name", say, RULE_LIMITS.name);
  if (input.enabled !== undefined && typeof input.enabled !== "boolean") say("enabled", "Use true or false.");
  if (!isOneOf(AUTOMATION_EVENTS, input.on)) say("on", unknownName("event", input.on));
  const lists = input.if === undefined ? {} : isJson(input.if) ? input.if : (say("if", "Use an object {all?, any?}.") ?? {});
  unknownKeys(lists, ["all", "any"], "if", say);
  const conditions: Draft["if"] = {};
  for (const key of ["all", "any"] as const) {
    if (lists[key] !== undefined) conditions[key] = list(lists[key], `if.${key}`, say, 0, RULE_LIMITS.conditions, condition) as Condition[];
  }
  const then = list(input.then, "then", say, 1, RULE_LIMITS.actions, action) as AutomationAction[];
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, rule: { name, enabled: input.enabled !== false, on: input.on as AutomationEvent, if: conditions, then } };
}

const ACTION_REFS = { userId: "userIds", userIds: "userIds", teamId: "teamIds", webhookId: "webhookIds" } as const;
/**
 * The ids a rule refers to, for the service to check against the database (unknown id → 400 naming it):
 * the actions' ids, and the values of `teamId`/`assigneeId` conditions but `contains` (a rule waiting for
 * a team that does not exist is as broken as one moving tickets to it).
 */
export function referencedIds(rule: Draft): Record<"userIds" | "teamIds" | "webhookIds", { path: string; id: string }[]> {
  const found: ReturnType<typeof referencedIds> = { userIds: [], teamIds: [], webhookIds: [] };
  const add = (kind: keyof typeof found, path: string, value: unknown): void => {
    if (Array.isArray(value)) value.forEach((item, index) => add(kind, at(path, index), item));
    else if (typeof value === "string") found[kind].push({ path, id: value });
  };
  for (const key of ["all", "any"] as const) {
    rule.if[key]?.forEach(({ field, op, value }, index) => {
      const kind = field === "teamId" ? "teamIds" : field === "assigneeId" ? "userIds" : undefined;
      if (kind && op !== "contains") add(kind, `if.${key}.${index}.value`, value);
    });
  }
  rule.then.forEach((act, index) => Object.entries(ACTION_REFS).forEach(([key, kind]) => add(kind, `then.${index}.${key}`, (act as Json)[key])));
  return found;
}
