import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AUTOMATION_EVENTS,
  CONDITION_FIELDS,
  evaluateRule,
  evaluateRules,
  matches,
  type AutomationAction,
  type AutomationEvent,
  type AutomationRule,
  type Condition,
  type ConditionField,
  type ConditionOp,
  type TicketFacts,
} from "../../src/domain/automation-rules";
import { NOTIFICATION_EVENTS } from "../../src/domain/notification-events";
import { RISK_BANDS } from "../../src/domain/risk";
import { PRIORITIES, TICKET_STATUSES } from "../../src/domain/ticket-fields";

function facts(over: Partial<TicketFacts> = {}): TicketFacts {
  return {
    priority: "P3",
    category: "billing",
    status: "open",
    teamId: "team-ops",
    assigneeId: null,
    customer: "Acme Corp",
    tags: ["vip", "billing"],
    title: "Printer on fire",
    description: "The printer in room 4 is on fire.",
    escalationLevel: 1,
    sla: { risk: "warning", riskPercent: 60 },
    ...over,
  };
}

const cond = (field: ConditionField, op: ConditionOp, value?: unknown): Condition => (value === undefined ? { field, op } : { field, op, value });
/** Whether the one condition holds for `after` (coming from `before`). */
const holds = (condition: Condition, after: TicketFacts = facts(), before: TicketFacts | null = null): boolean => matches({ if: { all: [condition] } }, before, after);

let made = 0;
function rule(over: Partial<AutomationRule> = {}): AutomationRule {
  made += 1;
  return { id: `r${made}`, name: `rule ${made}`, enabled: true, on: "ticket.updated", if: {}, then: [{ action: "escalate" }], ...over };
}

describe("AUTOMATION_EVENTS", () => {
  it("are the notification events plus ticket.updated", () => {
    expect(AUTOMATION_EVENTS).toEqual([...NOTIFICATION_EVENTS, "ticket.updated"]);
  });
});

describe("eq and neq", () => {
  it.each([
    [cond("priority", "eq", "P3"), true],
    [cond("priority", "eq", "p3"), false],
    [cond("status", "eq", "open"), true],
    [cond("category", "eq", "billing"), true],
    [cond("category", "eq", "Billing"), false],
    [cond("assigneeId", "eq", null), true],
    [cond("escalationLevel", "eq", 1), true],
    [cond("escalationLevel", "eq", "1"), false],
    [cond("sla.risk", "eq", "warning"), true],
    [cond("sla.riskPercent", "eq", 60), true],
    [cond("tags", "eq", ["billing", "vip"]), true],
    [cond("tags", "eq", [" VIP", "billing", "vip"]), true],
    [cond("tags", "eq", ["vip"]), false],
    [cond("tags", "eq", "vip"), false],
  ])("%o → %s, and neq the opposite", (condition, expected) => {
    expect(holds(condition)).toBe(expected);
    expect(holds({ ...condition, op: "neq" })).toBe(!expected);
  });

  it("compares an empty tag set with []", () => {
    expect(holds(cond("tags", "eq", []), facts({ tags: [] }))).toBe(true);
  });
});

describe("in", () => {
  it.each([
    [cond("priority", "in", ["P1", "P3"]), true],
    [cond("priority", "in", ["P1", "P2"]), false],
    [cond("priority", "in", []), false],
    [cond("priority", "in", "P3"), false],
    [cond("category", "in", [null, "network"]), false],
    [cond("teamId", "in", ["team-ops"]), true],
    [cond("sla.risk", "in", ["warning", "high_risk"]), true],
    [cond("tags", "in", ["urgent", "VIP"]), true],
    [cond("tags", "in", ["urgent"]), false],
  ])("%o → %s", (condition, expected) => {
    expect(holds(condition)).toBe(expected);
  });

  it("finds a null field in a list holding null", () => {
    expect(holds(cond("category", "in", [null, "network"]), facts({ category: null }))).toBe(true);
  });
});

describe("contains", () => {
  it.each([
    [cond("title", "contains", "FIRE"), true],
    [cond("description", "contains", "room 4"), true],
    [cond("description", "contains", "room 5"), false],
    [cond("customer", "contains", "acme"), true],
    [cond("tags", "contains", "VIP"), true],
    [cond("tags", "contains", "bill"), false],
    [cond("escalationLevel", "contains", "1"), false],
    [cond("title", "contains", 1), false],
  ])("%o → %s", (condition, expected) => {
    expect(holds(condition)).toBe(expected);
  });

  it("is false on a null field", () => {
    expect(holds(cond("customer", "contains", ""), facts({ customer: null }))).toBe(false);
  });
});

describe("gte and lte", () => {
  it.each([
    ["P1", true, false],
    ["P2", true, true],
    ["P3", false, true],
    ["P4", false, true],
  ])("priority %s: gte P2 %s, lte P2 %s (P1 is the most urgent)", (priority, gte, lte) => {
    expect(holds(cond("priority", "gte", "P2"), facts({ priority }))).toBe(gte);
    expect(holds(cond("priority", "lte", "P2"), facts({ priority }))).toBe(lte);
  });

  it.each([
    ["safe", false, true],
    ["warning", false, true],
    ["high_risk", true, true],
    ["breached", true, false],
  ])("sla.risk %s: gte high_risk %s, lte high_risk %s", (risk, gte, lte) => {
    const ticket = facts({ sla: { risk, riskPercent: 0 } });
    expect(holds(cond("sla.risk", "gte", "high_risk"), ticket)).toBe(gte);
    expect(holds(cond("sla.risk", "lte", "high_risk"), ticket)).toBe(lte);
  });

  it("compares numbers", () => {
    expect(holds(cond("escalationLevel", "gte", 1))).toBe(true);
    expect(holds(cond("escalationLevel", "gte", 2))).toBe(false);
    expect(holds(cond("sla.riskPercent", "lte", 60))).toBe(true);
    expect(holds(cond("sla.riskPercent", "lte", 59.5))).toBe(false);
  });

  it("is false for a value off the scale or a field without one", () => {
    expect(holds(cond("priority", "gte", "P9"))).toBe(false);
    expect(holds(cond("priority", "gte", "HIGH"))).toBe(false);
    expect(holds(cond("sla.risk", "lte", "red"))).toBe(false);
    expect(holds(cond("escalationLevel", "gte", "0"))).toBe(false);
    expect(holds(cond("title", "gte", "A"))).toBe(false);
    expect(holds(cond("status", "gte", "new"))).toBe(false);
  });
});

describe("changed and changed_to", () => {
  const before = facts();

  it("never hold without a before (a ticket just created)", () => {
    expect(holds(cond("priority", "changed"), facts({ priority: "P1" }), null)).toBe(false);
    expect(holds(cond("priority", "changed_to", "P1"), facts({ priority: "P1" }), null)).toBe(false);
  });

  it("see a field that moved, and what it moved to", () => {
    const after = facts({ priority: "P1", assigneeId: "u1" });
    expect(holds(cond("priority", "changed"), after, before)).toBe(true);
    expect(holds(cond("priority", "changed_to", "P1"), after, before)).toBe(true);
    expect(holds(cond("priority", "changed_to", "P2"), after, before)).toBe(false);
    expect(holds(cond("assigneeId", "changed_to", "u1"), after, before)).toBe(true);
    expect(holds(cond("title", "changed"), after, before)).toBe(false);
  });

  it("do not take an unchanged field that already equals the value", () => {
    expect(holds(cond("priority", "changed_to", "P3"), facts(), before)).toBe(false);
  });

  it("compare tags as sets: a reorder is no change, a new tag is", () => {
    expect(holds(cond("tags", "changed"), facts({ tags: ["billing", "vip"] }), before)).toBe(false);
    expect(holds(cond("tags", "changed_to", ["vip", "billing", "urgent"]), facts({ tags: ["vip", "billing", "urgent"] }), before)).toBe(true);
  });

  it("see the risk band move", () => {
    const after = facts({ sla: { risk: "high_risk", riskPercent: 80 } });
    expect(holds(cond("sla.risk", "changed_to", "high_risk"), after, before)).toBe(true);
    expect(holds(cond("sla.riskPercent", "changed"), after, before)).toBe(true);
  });
});

describe("a ticket without SLA", () => {
  const none = facts({ sla: null });
  it.each([
    cond("sla.risk", "eq", "safe"),
    cond("sla.risk", "neq", "safe"),
    cond("sla.risk", "in", [...RISK_BANDS]),
    cond("sla.risk", "gte", "safe"),
    cond("sla.riskPercent", "lte", 1000),
    cond("sla.riskPercent", "neq", 5),
    cond("sla.risk", "contains", "a"),
    cond("sla.risk", "changed"),
  ])("fails %o", (condition) => {
    expect(holds(condition, none, facts())).toBe(false);
  });

  it("has no before SLA to have changed from", () => {
    expect(holds(cond("sla.risk", "changed"), facts(), none)).toBe(false);
  });
});

describe("all and any", () => {
  const yes = cond("priority", "eq", "P3");
  const no = cond("priority", "eq", "P1");
  it.each([
    [{}, true],
    [{ all: [] }, true],
    [{ any: [] }, false],
    [{ all: [yes, yes] }, true],
    [{ all: [yes, no] }, false],
    [{ any: [no, yes] }, true],
    [{ any: [no, no] }, false],
    [{ all: [yes], any: [no, yes] }, true],
    [{ all: [yes], any: [no] }, false],
    [{ all: [no], any: [yes] }, false],
  ])("%o → %s", (conditions, expected) => {
    expect(matches({ if: conditions }, null, facts())).toBe(expected);
  });
});

describe("evaluateRules", () => {
  const notify: AutomationAction = { action: "notify", role: "manager" };

  it("keeps the rules' order and only the enabled rules of the event whose conditions hold", () => {
    const rules = [
      rule({ id: "b", then: [notify] }),
      rule({ id: "off", enabled: false }),
      rule({ id: "created", on: "ticket.created" }),
      rule({ id: "no", if: { all: [cond("priority", "eq", "P1")] } }),
      rule({ id: "a", if: { any: [cond("tags", "contains", "vip")] }, then: [{ action: "add_tag", tag: "x" }, notify] }),
    ];
    expect(evaluateRules(rules, "ticket.updated", facts(), facts())).toEqual([
      { ruleId: "b", actions: [notify] },
      { ruleId: "a", actions: [{ action: "add_tag", tag: "x" }, notify] },
    ]);
    expect(evaluateRules(rules, "ticket.created", null, facts()).map((fired) => fired.ruleId)).toEqual(["created"]);
    expect(evaluateRules(rules, "sla.breached", facts(), facts())).toEqual([]);
  });

  it("runs a rule at most once per event", () => {
    const once = rule({ id: "same" });
    expect(evaluateRules([once, once, { ...once }], "ticket.updated", null, facts())).toHaveLength(1);
  });

  it("hands out a copy of the actions", () => {
    const owner = rule();
    evaluateRules([owner], "ticket.updated", null, facts())[0]!.actions.push(notify);
    expect(owner.then).toEqual([{ action: "escalate" }]);
  });
});

describe("evaluateRule", () => {
  it("answers for a disabled rule too (dry-run)", () => {
    const off = rule({ enabled: false, then: [{ action: "set_status", status: "pending" }] });
    expect(evaluateRule(off, "ticket.updated", null, facts())).toEqual({ matched: true, actions: [{ action: "set_status", status: "pending" }] });
    expect(evaluateRules([off], "ticket.updated", null, facts())).toEqual([]);
  });

  it("does not match another event or failing conditions, and then has no actions", () => {
    expect(evaluateRule(rule(), "comment.added", null, facts())).toEqual({ matched: false, actions: [] });
    expect(evaluateRule(rule({ if: { all: [cond("status", "eq", "closed")] } }), "ticket.updated", null, facts())).toEqual({ matched: false, actions: [] });
  });
});

const tagArb = fc.uniqueArray(fc.constantFrom("vip", "billing", "urgent"));
const factsArb: fc.Arbitrary<TicketFacts> = fc.record({
  priority: fc.constantFrom(...PRIORITIES),
  category: fc.option(fc.constantFrom("billing", "network"), { nil: null }),
  status: fc.constantFrom(...TICKET_STATUSES),
  teamId: fc.constantFrom("t1", "t2"),
  assigneeId: fc.option(fc.constantFrom("u1", "u2"), { nil: null }),
  customer: fc.option(fc.constantFrom("acme", "globex"), { nil: null }),
  tags: tagArb,
  title: fc.string({ maxLength: 8 }),
  description: fc.string({ maxLength: 8 }),
  escalationLevel: fc.integer({ min: 0, max: 3 }),
  sla: fc.option(fc.record({ risk: fc.constantFrom(...RISK_BANDS), riskPercent: fc.integer({ min: 0, max: 150 }) }), { nil: null }),
});
const valueArb = fc.oneof(
  fc.constantFrom<unknown>(...PRIORITIES, ...RISK_BANDS, ...TICKET_STATUSES, "billing", "acme", "t1", "u1", null, 0, 1, 60, "1"),
  fc.string({ maxLength: 4 }),
  fc.integer({ min: -1, max: 160 }),
  tagArb,
);
const fieldArb = fc.constantFrom(...CONDITION_FIELDS);
const eventArb = fc.constantFrom(...AUTOMATION_EVENTS);

describe("properties", () => {
  it("neq is the negation of eq for every field and value of a ticket with SLA", () => {
    fc.assert(
      fc.property(factsArb, fieldArb, valueArb, (ticket, field, value) => {
        const withSla = { ...ticket, sla: ticket.sla ?? { risk: "safe", riskPercent: 0 } };
        expect(holds(cond(field, "neq", value), withSla)).toBe(!holds(cond(field, "eq", value), withSla));
      }),
    );
  });

  it("a rule without conditions matches every ticket for its event, and no other event", () => {
    fc.assert(
      fc.property(eventArb, eventArb, fc.option(factsArb, { nil: null }), factsArb, (on, event, before, after) => {
        const always = rule({ on, then: [{ action: "escalate" }] });
        expect(evaluateRule(always, event, before, after)).toEqual({ matched: event === on, actions: event === on ? always.then : [] });
      }),
    );
  });

  it("changed_to v implies changed and eq v", () => {
    fc.assert(
      fc.property(fc.option(factsArb, { nil: null }), factsArb, fieldArb, valueArb, (before, after, field, value) => {
        if (!holds(cond(field, "changed_to", value), after, before)) return;
        expect(holds(cond(field, "changed"), after, before)).toBe(true);
        expect(holds(cond(field, "eq", value), after, before)).toBe(true);
      }),
    );
  });

  it("priorities are totally ordered: gte or lte always holds, both exactly when equal", () => {
    fc.assert(
      fc.property(factsArb, fc.constantFrom(...PRIORITIES), (ticket, value) => {
        const [gte, lte] = [holds(cond("priority", "gte", value), ticket), holds(cond("priority", "lte", value), ticket)];
        expect(gte || lte).toBe(true);
        expect(gte && lte).toBe(ticket.priority === value);
      }),
    );
  });

  it("all holds exactly when each of its conditions holds alone; any when one does", () => {
    const conditionArb = fc.record({ field: fieldArb, op: fc.constantFrom<ConditionOp>("eq", "in", "contains", "gte", "changed"), value: valueArb });
    fc.assert(
      fc.property(fc.option(factsArb, { nil: null }), factsArb, fc.array(conditionArb, { maxLength: 4 }), (before, after, conditions) => {
        const each = conditions.map((condition) => holds(condition, after, before));
        expect(matches({ if: { all: conditions } }, before, after)).toBe(each.every(Boolean));
        expect(matches({ if: { any: conditions } }, before, after)).toBe(each.some(Boolean));
      }),
    );
  });

  it("evaluateRules answers the enabled rules evaluateRule matches, in order", () => {
    const rulesArb = fc.array(
      fc.record({ enabled: fc.boolean(), on: eventArb, value: fc.constantFrom(...PRIORITIES) }).map(({ enabled, on, value }) => rule({ enabled, on, if: { all: [cond("priority", "gte", value)] } })),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(rulesArb, eventArb, factsArb, (rules, event: AutomationEvent, ticket) => {
        const expected = rules.filter((one) => one.enabled && evaluateRule(one, event, null, ticket).matched).map((one) => one.id);
        expect(evaluateRules(rules, event, null, ticket).map((fired) => fired.ruleId)).toEqual(expected);
      }),
    );
  });
});
