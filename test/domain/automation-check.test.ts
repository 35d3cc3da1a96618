import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkRuleShape, referencedIds, RULE_LIMITS, type RuleIssue } from "../../src/domain/automation-check";
import { AUTOMATION_EVENTS, type AutomationRule } from "../../src/domain/automation-rules";
import { RISK_BANDS } from "../../src/domain/risk";
import { PRIORITIES, TICKET_STATUSES } from "../../src/domain/ticket-fields";

const base = { name: "Page the boss on P1", on: "ticket.created", then: [{ action: "escalate" }] };

/** The issues of `input`, failing the test when it passed. */
function issuesOf(input: unknown): RuleIssue[] {
  const checked = checkRuleShape(input);
  if (checked.ok) throw new Error(`expected issues for ${JSON.stringify(input)}`);
  return checked.issues;
}

function draftOf(input: unknown): Omit<AutomationRule, "id"> {
  const checked = checkRuleShape(input);
  if (!checked.ok) throw new Error(`unexpected issues: ${JSON.stringify(checked.issues)}`);
  return checked.rule;
}

const withCondition = (condition: unknown, list: "all" | "any" = "all") => ({ ...base, if: { [list]: [condition] } });
const withAction = (action: unknown) => ({ ...base, then: [action] });

describe("checkRuleShape: a good rule", () => {
  it("comes back with its defaults filled in, trimmed, and priorities in their P form", () => {
    const rule = draftOf({
      name: "  Hot tickets  ",
      on: "ticket.updated",
      if: {
        all: [
          { field: "priority", op: "gte", value: "high" },
          { field: "tags", op: "eq", value: ["vip", "billing"] },
          { field: "status", op: "changed" },
        ],
        any: [{ field: "priority", op: "in", value: ["CRITICAL", "P2"] }, { field: "title", op: "contains", value: " fire " }],
      },
      then: [
        { action: "assign", userId: "u1" },
        { action: "assign", auto: true },
        { action: "set_priority", priority: "critical" },
        { action: "set_team", teamId: "t1" },
        { action: "add_tag", tag: "hot" },
        { action: "notify", role: "manager" },
        { action: "escalate" },
        { action: "set_status", status: "in_progress" },
        { action: "comment", body: "  On it.  " },
        { action: "comment", body: "Internal", public: false },
      ],
    });
    expect(rule).toEqual({
      name: "Hot tickets",
      enabled: true,
      on: "ticket.updated",
      if: {
        all: [
          { field: "priority", op: "gte", value: "P2" },
          { field: "tags", op: "eq", value: ["vip", "billing"] },
          { field: "status", op: "changed" },
        ],
        any: [{ field: "priority", op: "in", value: ["P1", "P2"] }, { field: "title", op: "contains", value: " fire " }],
      },
      then: [
        { action: "assign", userId: "u1" },
        { action: "assign", auto: true },
        { action: "set_priority", priority: "P1" },
        { action: "set_team", teamId: "t1" },
        { action: "add_tag", tag: "hot" },
        { action: "notify", role: "manager" },
        { action: "escalate" },
        { action: "set_status", status: "in_progress" },
        { action: "comment", body: "On it.", public: true },
        { action: "comment", body: "Internal", public: false },
      ],
    });
  });

  it("takes no if as no conditions and keeps enabled: false", () => {
    expect(draftOf({ ...base, enabled: false })).toEqual({ name: base.name, enabled: false, on: "ticket.created", if: {}, then: [{ action: "escalate" }] });
  });

  it.each(AUTOMATION_EVENTS)("takes the event %s", (on) => {
    expect(draftOf({ ...base, on }).on).toBe(on);
  });

  it.each([
    { field: "category", op: "eq", value: null },
    { field: "assigneeId", op: "in", value: [null, "u1"] },
    { field: "escalationLevel", op: "gte", value: 2 },
    { field: "sla.riskPercent", op: "lte", value: 99.5 },
    { field: "sla.risk", op: "gte", value: "high_risk" },
    { field: "sla.risk", op: "changed_to", value: "breached" },
    { field: "tags", op: "contains", value: "vip" },
    { field: "tags", op: "in", value: ["vip"] },
    { field: "tags", op: "neq", value: [] },
    { field: "status", op: "neq", value: "closed" },
    { field: "description", op: "eq", value: "" },
  ])("takes the condition %o", (condition) => {
    expect(draftOf(withCondition(condition)).if.all).toEqual([condition]);
  });

  it("takes the limits themselves: 20 conditions, 10 actions, a 20,000-character comment, a 50-character tag", () => {
    const condition = { field: "status", op: "eq", value: "open" };
    expect(draftOf({ ...base, if: { all: Array(20).fill(condition), any: Array(20).fill(condition) } }).if.all).toHaveLength(20);
    expect(draftOf({ ...base, then: Array(10).fill({ action: "escalate" }) }).then).toHaveLength(10);
    expect(draftOf(withAction({ action: "comment", body: "x".repeat(20_000), public: true })).then).toHaveLength(1);
    expect(draftOf(withAction({ action: "add_tag", tag: "t".repeat(50) })).then).toHaveLength(1);
    expect(draftOf({ ...base, name: "n".repeat(200) }).name).toHaveLength(200);
  });
});

/** Expects exactly one issue, at `path`, its message matching `message`. */
function expectIssue(input: unknown, path: string, message: RegExp = /./): void {
  const issues = issuesOf(input);
  expect(issues).toEqual([{ path, message: expect.stringMatching(message) }]);
}

describe("checkRuleShape: the rule itself", () => {
  it.each([[null], [[]], ["rule"], [3]])("refuses %o as a whole", (input) => {
    expectIssue(input, "");
  });

  it.each([
    [{ ...base, id: "r1" }, "id", /Unknown field "id"/],
    [{ ...base, priority: "P1" }, "priority", /Unknown field/],
    [{ ...base, name: undefined }, "name", /Required/],
    [{ ...base, name: "   " }, "name", /1–200/],
    [{ ...base, name: "n".repeat(201) }, "name", /1–200/],
    [{ ...base, name: 7 }, "name", /string/],
    [{ ...base, enabled: "yes" }, "enabled", /true or false/],
    [{ ...base, on: "ticket.exploded" }, "on", /Unknown event "ticket.exploded"/],
    [{ ...base, on: undefined }, "on", /Required/],
    [{ ...base, if: [] }, "if", /object/],
    [{ ...base, if: { none: [] } }, "if.none", /Unknown field "none"/],
    [{ ...base, if: { all: {} } }, "if.all", /array/],
    [{ ...base, if: { any: Array(21).fill({ field: "status", op: "eq", value: "open" }) } }, "if.any", /0–20/],
    [{ ...base, then: undefined }, "then", /Required/],
    [{ ...base, then: [] }, "then", /1–10/],
    [{ ...base, then: Array(11).fill({ action: "escalate" }) }, "then", /1–10/],
  ])("%o → %s", (input, path, message) => {
    expectIssue(input, path, message);
  });

  it("lists every issue at once", () => {
    const issues = issuesOf({ name: "", on: "nope", if: { all: [{ field: "foo", op: "eq", value: 1 }] }, then: [{ action: "explode" }], extra: 1 });
    expect(issues.map((issue) => issue.path).sort()).toEqual(["extra", "if.all.0.field", "name", "on", "then.0.action"]);
  });
});

describe("checkRuleShape: conditions", () => {
  it.each([
    [{ field: "foo", op: "eq", value: 1 }, "if.all.0.field", /Unknown field "foo"/],
    [{ op: "eq", value: 1 }, "if.all.0.field", /Required/],
    [{ field: "status", op: "like", value: "open" }, "if.all.0.op", /Unknown operator "like"/],
    [{ field: "status", op: "eq", value: "open", extra: true }, "if.all.0.extra", /Unknown field "extra"/],
    ["status = open", "if.all.0", /object/],
    [{ field: "status", op: "eq" }, "if.all.0.value", /Required/],
    [{ field: "status", op: "eq", value: "done" }, "if.all.0.value", /status/],
    [{ field: "priority", op: "eq", value: "urgent" }, "if.all.0.value", /priority/],
    [{ field: "teamId", op: "eq", value: null }, "if.all.0.value", /string/],
    [{ field: "category", op: "eq", value: 3 }, "if.all.0.value", /string or null/],
    [{ field: "escalationLevel", op: "eq", value: "2" }, "if.all.0.value", /number/],
    [{ field: "tags", op: "eq", value: "vip" }, "if.all.0.value", /array/],
    [{ field: "tags", op: "eq", value: ["vip", 3] }, "if.all.0.value.1", /string/],
    [{ field: "priority", op: "in", value: "P1" }, "if.all.0.value", /array/],
    [{ field: "priority", op: "in", value: [] }, "if.all.0.value", /1–100/],
    [{ field: "priority", op: "in", value: ["P1", "P7"] }, "if.all.0.value.1", /priority/],
    [{ field: "title", op: "gte", value: "a" }, "if.all.0.op", /gte compares numbers, priorities and risk bands/],
    [{ field: "status", op: "lte", value: "open" }, "if.all.0.op", /not status/],
    [{ field: "priority", op: "gte", value: "P9" }, "if.all.0.value", /priority/],
    [{ field: "sla.risk", op: "gte", value: "red" }, "if.all.0.value", /risk band/],
    [{ field: "sla.riskPercent", op: "lte", value: "50" }, "if.all.0.value", /number/],
    [{ field: "escalationLevel", op: "contains", value: "1" }, "if.all.0.op", /contains reads text and tags/],
    [{ field: "title", op: "contains", value: "" }, "if.all.0.value", /1–20000/],
    [{ field: "title", op: "contains", value: ["a"] }, "if.all.0.value", /string/],
    [{ field: "status", op: "changed", value: "open" }, "if.all.0.value", /changed takes no value/],
    [{ field: "status", op: "changed_to" }, "if.all.0.value", /Required/],
  ])("%o → %s", (condition, path, message) => {
    expectIssue(withCondition(condition), path, message);
  });

  it("names the list and the index", () => {
    const good = { field: "status", op: "eq", value: "open" };
    expectIssue({ ...base, if: { all: [good], any: [good, { field: "status", op: "explode", value: "open" }] } }, "if.any.1.op", /Unknown operator "explode"/);
  });
});

describe("checkRuleShape: actions", () => {
  it.each([
    [{ action: "explode" }, "then.0.action", /Unknown action "explode"/],
    [{ type: "escalate" }, "then.0.action", /Required/],
    ["escalate", "then.0", /object/],
    [{ action: "escalate", level: 2 }, "then.0.level", /Unknown field "level"/],
    [{ action: "assign" }, "then.0", /userId or auto/],
    [{ action: "assign", userId: "u1", auto: true }, "then.0", /userId or auto/],
    [{ action: "assign", auto: false }, "then.0.auto", /true/],
    [{ action: "assign", userId: "" }, "then.0.userId", /1–200/],
    [{ action: "set_priority", priority: "P0" }, "then.0.priority", /priority/],
    [{ action: "set_priority" }, "then.0.priority", /priority/],
    [{ action: "set_team" }, "then.0.teamId", /Required/],
    [{ action: "add_tag", tag: "" }, "then.0.tag", /1–50/],
    [{ action: "add_tag", tag: "t".repeat(51) }, "then.0.tag", /1–50/],
    [{ action: "notify" }, "then.0", /userIds, a role or a webhookId/],
    [{ action: "notify", userIds: [] }, "then.0", /userIds, a role or a webhookId/],
    [{ action: "notify", role: "boss" }, "then.0.role", /manager or admin/],
    [{ action: "notify", userIds: "u1" }, "then.0.userIds", /array/],
    [{ action: "notify", userIds: ["u1", 2] }, "then.0.userIds.1", /string/],
    [{ action: "notify", webhookId: 5 }, "then.0.webhookId", /string/],
    [{ action: "set_status", status: "done" }, "then.0.status", /status/],
    [{ action: "comment", public: true }, "then.0.body", /Required/],
    [{ action: "comment", body: "hi", public: "yes" }, "then.0.public", /true or false/],
  ])("%o → %s", (action, path, message) => {
    expectIssue(withAction(action), path, message);
  });

  it("refuses a comment over 20,000 characters", () => {
    expectIssue(withAction({ action: "comment", body: "x".repeat(20_001) }), "then.0.body", /1–20000/);
  });

  it("names the action's index", () => {
    expectIssue({ ...base, then: [{ action: "escalate" }, { action: "escalate" }, { action: "explode" }] }, "then.2.action", /Unknown action "explode"/);
  });

  it("takes every status and priority alias for its action", () => {
    for (const status of TICKET_STATUSES) expect(draftOf(withAction({ action: "set_status", status })).then[0]).toEqual({ action: "set_status", status });
    expect(draftOf(withAction({ action: "set_priority", priority: "low" })).then[0]).toEqual({ action: "set_priority", priority: "P4" });
  });
});

describe("referencedIds", () => {
  it("lists each id with its path: actions, and teamId/assigneeId conditions other than contains", () => {
    const rule = draftOf({
      ...base,
      if: {
        all: [
          { field: "teamId", op: "eq", value: "t1" },
          { field: "teamId", op: "contains", value: "ops" },
          { field: "assigneeId", op: "eq", value: null },
        ],
        any: [{ field: "assigneeId", op: "in", value: [null, "u9"] }, { field: "customer", op: "eq", value: "acme" }],
      },
      then: [
        { action: "assign", userId: "u1" },
        { action: "assign", auto: true },
        { action: "set_team", teamId: "t2" },
        { action: "notify", userIds: ["u2", "u3"], webhookId: "w1", role: "admin" },
      ],
    });
    expect(referencedIds(rule)).toEqual({
      userIds: [
        { path: "if.any.0.value.1", id: "u9" },
        { path: "then.0.userId", id: "u1" },
        { path: "then.3.userIds.0", id: "u2" },
        { path: "then.3.userIds.1", id: "u3" },
      ],
      teamIds: [
        { path: "if.all.0.value", id: "t1" },
        { path: "then.2.teamId", id: "t2" },
      ],
      webhookIds: [{ path: "then.3.webhookId", id: "w1" }],
    });
  });

  it("is empty for a rule that names nobody", () => {
    expect(referencedIds(draftOf(base))).toEqual({ userIds: [], teamIds: [], webhookIds: [] });
  });
});

const conditionArb = fc.oneof(
  fc.record({ field: fc.constant("priority"), op: fc.constantFrom("eq", "neq", "gte", "lte", "changed_to"), value: fc.constantFrom(...PRIORITIES) }),
  fc.record({ field: fc.constant("sla.risk"), op: fc.constantFrom("eq", "gte", "lte"), value: fc.constantFrom(...RISK_BANDS) }),
  fc.record({ field: fc.constantFrom("escalationLevel", "sla.riskPercent"), op: fc.constantFrom("eq", "gte", "lte"), value: fc.integer({ min: 0, max: 200 }) }),
  fc.record({ field: fc.constantFrom("title", "description", "customer"), op: fc.constant("contains"), value: fc.string({ minLength: 1, maxLength: 5 }).filter((text) => text.trim() !== "") }),
  fc.record({ field: fc.constant("tags"), op: fc.constantFrom("eq", "in"), value: fc.array(fc.string({ maxLength: 5 }), { minLength: 1, maxLength: 3 }) }),
  fc.record({ field: fc.constantFrom("status", "assigneeId", "teamId"), op: fc.constant("changed") }),
);
const actionArb = fc.oneof(
  fc.record({ action: fc.constant("set_priority"), priority: fc.constantFrom(...PRIORITIES) }),
  fc.record({ action: fc.constant("notify"), userIds: fc.array(fc.constantFrom("u1", "u2"), { minLength: 1, maxLength: 2 }) }),
  fc.record({ action: fc.constant("comment"), body: fc.constantFrom("On it.", "Looking"), public: fc.boolean() }),
  fc.constant({ action: "escalate" }),
);
const ruleArb = fc.record({
  name: fc.constantFrom("a", "Rule b"),
  enabled: fc.boolean(),
  on: fc.constantFrom(...AUTOMATION_EVENTS),
  if: fc.record({ all: fc.array(conditionArb, { maxLength: 20 }), any: fc.array(conditionArb, { maxLength: 3 }) }, { requiredKeys: [] }),
  then: fc.array(actionArb, { minLength: 1, maxLength: 10 }),
});

describe("properties", () => {
  it("a well-formed rule passes unchanged, and what passed passes again as itself", () => {
    fc.assert(
      fc.property(ruleArb, (input) => {
        const rule = draftOf(input);
        expect(rule).toEqual(input);
        expect(draftOf(rule)).toEqual(rule);
      }),
    );
  });

  it("never throws on any JSON, and a refusal always names at least one issue", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), ruleArb.map((rule) => ({ ...rule, then: [...rule.then, { action: "explode" }] }))), (input) => {
        const checked = checkRuleShape(input);
        if (!checked.ok) expect(checked.issues.length).toBeGreaterThan(0);
      }),
    );
  });

  it("limits are those documented", () => {
    expect(RULE_LIMITS).toMatchObject({ conditions: 20, actions: 10, text: 20_000, tag: 50, name: 200 });
  });
});
