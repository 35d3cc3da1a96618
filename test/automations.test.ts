import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../src/db/client";
import { enabledRulesFor } from "../src/db/automations";
import { createWebhook } from "./delivery-fixtures";
import { api, createUser, expectError, registerOrg, type Session } from "./helpers";
import { fileTicket, historyOf, ticketOrg, type TicketOrg } from "./ticket-fixtures";

const AUTOMATIONS = "/api/v1/automations";
let org: TicketOrg;
let foreignTeam: string;
let webhookId: string;

beforeAll(async () => {
  org = await ticketOrg("Automation Co");
  foreignTeam = (await api("POST", "/api/v1/teams", { token: org.foreign.accessToken, body: { name: "Far", key: "FAR" } })).json.id;
  webhookId = (await createWebhook(org.manager, org.ops.id, "https://hooks.example.com/automations")).id;
});

/** A rule that names no ids: for organizations other than `org`. */
const plain = (name: string, overrides: Record<string, unknown> = {}) => ({ name, on: "ticket.created", then: [{ action: "escalate" }], ...overrides });

const rule = (overrides: Record<string, unknown> = {}) => ({
  name: "P1 to OPS",
  on: "ticket.created",
  if: { all: [{ field: "priority", op: "eq", value: "P1" }] },
  then: [{ action: "set_team", teamId: org.ops.id }, { action: "add_tag", tag: "urgent" }],
  ...overrides,
});

async function create(body: unknown, session: Session = org.manager) {
  const res = await api("POST", AUTOMATIONS, { token: session.accessToken, body });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: string; position: number } & Record<string, unknown>;
}

const issuesOf = async (body: unknown, method = "POST", path = AUTOMATIONS) =>
  expectError(await api(method, path, { token: org.manager.accessToken, body }), 400, "E_VALIDATION").details.issues;

describe("automation rules: CRUD", () => {
  it("creates, reads, lists, replaces and deletes a rule", async () => {
    const created = await create(rule());
    expect(created).toMatchObject({ ...rule(), enabled: true, id: expect.any(String), position: expect.any(Number), createdAt: expect.any(String), updatedAt: expect.any(String) });
    const read = await api("GET", `${AUTOMATIONS}/${created.id}`, { token: org.admin.accessToken });
    expect(read.status).toBe(200);
    expect(read.json).toEqual(created);
    const list = await api("GET", `${AUTOMATIONS}?limit=200`, { token: org.manager.accessToken });
    expect(list.json.items.map((item: { id: string }) => item.id)).toContain(created.id);

    // PUT replaces the whole rule: what it leaves out (if, enabled) takes its default, the position stays.
    const replacement = { name: "Escalate breaches", on: "sla.breached", then: [{ action: "escalate" }] };
    const put = await api("PUT", `${AUTOMATIONS}/${created.id}`, { token: org.manager.accessToken, body: replacement });
    expect(put.status, put.text).toBe(200);
    expect(put.json).toEqual({ ...replacement, id: created.id, enabled: true, if: {}, position: created.position, createdAt: created.createdAt, updatedAt: expect.any(String) });
    const disabled = await api("PUT", `${AUTOMATIONS}/${created.id}`, { token: org.manager.accessToken, body: { ...replacement, enabled: false } });
    expect(disabled.json.enabled).toBe(false);
    expect((await api("GET", `${AUTOMATIONS}/${created.id}`, { token: org.manager.accessToken })).json).toEqual(disabled.json);

    expect((await api("DELETE", `${AUTOMATIONS}/${created.id}`, { token: org.manager.accessToken })).status).toBe(204);
    expectError(await api("GET", `${AUTOMATIONS}/${created.id}`, { token: org.manager.accessToken }), 404, "E_NOT_FOUND");
    expectError(await api("DELETE", `${AUTOMATIONS}/${created.id}`, { token: org.manager.accessToken }), 404, "E_NOT_FOUND");
  });

  it("puts each new rule last, lists in run order over pages, and never reuses a position", async () => {
    const admin = await registerOrg("Ordering Co");
    const [a, b, c] = [await create(plain("a"), admin), await create(plain("b"), admin), await create(plain("c"), admin)];
    expect([a.position, b.position, c.position]).toEqual([1, 2, 3]);
    // Created at once, they still get distinct positions: the INSERT computes its own.
    const together = await Promise.all(["d", "e", "f"].map((name) => create(plain(name), admin)));
    expect(together.map((r) => r.position).sort()).toEqual([4, 5, 6]);

    const first = await api("GET", `${AUTOMATIONS}?limit=4`, { token: admin.accessToken });
    const second = await api("GET", `${AUTOMATIONS}?limit=4&cursor=${first.json.nextCursor}`, { token: admin.accessToken });
    expect(second.json.nextCursor).toBeNull();
    const positions = [...first.json.items, ...second.json.items].map((item: { position: number }) => item.position);
    expect(positions).toEqual([1, 2, 3, 4, 5, 6]);
    const descending = await api("GET", `${AUTOMATIONS}?sort=-position&limit=2`, { token: admin.accessToken });
    expect(descending.json.items.map((item: { position: number }) => item.position)).toEqual([6, 5]);

    await api("DELETE", `${AUTOMATIONS}/${c.id}`, { token: admin.accessToken });
    expect((await create(plain("g"), admin)).position).toBe(7);
  });

  it("creates once per Idempotency-Key", async () => {
    const admin = await registerOrg("Retry Co");
    const send = (name: string) => api("POST", AUTOMATIONS, { token: admin.accessToken, body: plain(name), headers: { "Idempotency-Key": "rule-1" } });
    const [first, again] = [await send("once"), await send("once")];
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.json.id).toBe(first.json.id);
    expect(again.headers.get("Idempotency-Replayed")).toBe("true");
    expectError(await send("another"), 422, "E_IDEMPOTENCY_MISMATCH");
    expect((await api("GET", AUTOMATIONS, { token: admin.accessToken })).json.items).toHaveLength(1);
  });

  it("filters by event and switch, and loads the enabled rules of an event in run order for the runner", async () => {
    const admin = await registerOrg("Runner Co");
    const conditions = { any: [{ field: "tags", op: "contains", value: "vip" }] };
    const later = await create(plain("later"), admin);
    await create(plain("off", { enabled: false }), admin);
    await create(plain("other event", { on: "sla.breached" }), admin);
    const last = await create(plain("last", { if: conditions }), admin);
    const rules = await enabledRulesFor(createDb(env.DB), admin.user.orgId, "ticket.created");
    expect(rules.map((r) => r.name)).toEqual(["later", "last"]);
    expect(rules[1]).toEqual({ id: last.id, name: "last", enabled: true, on: "ticket.created", if: conditions, then: [{ action: "escalate" }] });
    expect(later.id).toBe(rules[0]!.id);

    const byEvent = await api("GET", `${AUTOMATIONS}?on=sla.breached`, { token: admin.accessToken });
    expect(byEvent.json.items.map((item: { name: string }) => item.name)).toEqual(["other event"]);
    const disabled = await api("GET", `${AUTOMATIONS}?enabled=false`, { token: admin.accessToken });
    expect(disabled.json.items.map((item: { name: string }) => item.name)).toEqual(["off"]);
  });
});

describe("automation rules: validation", () => {
  it.each([
    ["an unknown field", { if: { all: [{ field: "mood", op: "eq", value: "x" }] } }, "if.all.0.field"],
    ["an unknown operator", { if: { any: [{ field: "priority", op: "like", value: "P1" }] } }, "if.any.0.op"],
    ["an unknown action", { then: [{ action: "set_team", teamId: "x" }, { action: "explode" }] }, "then.1.action"],
    ["an unknown event", { on: "ticket.exploded" }, "on"],
    ["an unknown key", { owner: "me" }, "owner"],
    ["an unknown key in an action", { then: [{ action: "escalate", level: 3 }] }, "then.0.level"],
    ["no actions", { then: [] }, "then"],
  ])("refuses %s with a 400 naming its path", async (_label, overrides, path) => {
    const issues = await issuesOf(rule(overrides));
    expect(issues?.map((issue) => issue.path)).toContain(path);
  });

  it("refuses a missing name and a body that is not an object", async () => {
    const { name: _name, ...nameless } = rule();
    expect((await issuesOf(nameless))?.map((issue) => issue.path)).toEqual(["name"]);
    expectError(await api("POST", AUTOMATIONS, { token: org.manager.accessToken, body: [rule()] }), 400, "E_VALIDATION");
  });

  it.each([
    ["user", () => [{ action: "assign", userId: crypto.randomUUID() }], "then.0.userId"],
    ["team", () => [{ action: "set_team", teamId: crypto.randomUUID() }], "then.0.teamId"],
    ["webhook", () => [{ action: "notify", webhookId: crypto.randomUUID() }], "then.0.webhookId"],
    ["user to notify", () => [{ action: "notify", userIds: [org.agent.user.id, "nobody"] }], "then.0.userIds.1"],
    ["other organization's team", () => [{ action: "escalate" }, { action: "set_team", teamId: foreignTeam }], "then.1.teamId"],
    ["other organization's user", () => [{ action: "assign", userId: org.foreign.user.id }], "then.0.userId"],
  ])("refuses an unknown %s id with a 400 naming its path", async (_label, then, path) => {
    expect(await issuesOf(rule({ then: then() }))).toEqual([{ path, message: expect.any(String) }]);
  });

  it("checks ids in conditions too, and on PUT", async () => {
    const created = await create(rule());
    const body = rule({ if: { all: [{ field: "teamId", op: "in", value: [org.ops.id, foreignTeam] }] } });
    expect(await issuesOf(body, "PUT", `${AUTOMATIONS}/${created.id}`)).toEqual([{ path: "if.all.0.value.1", message: expect.any(String) }]);
    expect(await issuesOf(rule({ then: [{ action: "explode" }] }), "PUT", `${AUTOMATIONS}/${created.id}`)).toEqual([{ path: "then.0.action", message: expect.any(String) }]);
  });

  it("accepts ids the organization has, a deactivated user excepted", async () => {
    const ok = rule({
      if: { all: [{ field: "assigneeId", op: "eq", value: org.agent.user.id }] },
      then: [{ action: "notify", userIds: [org.agent.user.id, org.manager.user.id], webhookId }, { action: "assign", userId: org.agent.user.id }, { action: "set_team", teamId: org.desk.id }],
    });
    await create(ok);
    const leaver = await createUser(org.admin, "agent");
    expect((await api("DELETE", `/api/v1/users/${leaver.user.id}`, { token: org.admin.accessToken })).status).toBe(204);
    expect(await issuesOf(rule({ then: [{ action: "assign", userId: leaver.user.id }] }))).toEqual([{ path: "then.0.userId", message: expect.stringContaining("deactivated") }]);
  });
});

describe("automation rules: access", () => {
  it("lets admins and managers only, and hides other organizations' rules", async () => {
    const created = await create(rule());
    const paths = [AUTOMATIONS, `${AUTOMATIONS}/${created.id}`];
    for (const session of [org.agent, org.requester]) {
      for (const path of paths) expectError(await api("GET", path, { token: session.accessToken }), 403, "E_FORBIDDEN");
      expectError(await api("POST", AUTOMATIONS, { token: session.accessToken, body: rule() }), 403, "E_FORBIDDEN");
      expectError(await api("PUT", paths[1]!, { token: session.accessToken, body: rule() }), 403, "E_FORBIDDEN");
      expectError(await api("DELETE", paths[1]!, { token: session.accessToken }), 403, "E_FORBIDDEN");
    }
    expectError(await api("GET", AUTOMATIONS), 401, "E_UNAUTHORIZED");

    const foreign = org.foreign.accessToken;
    expectError(await api("GET", paths[1]!, { token: foreign }), 404, "E_NOT_FOUND");
    expectError(await api("PUT", paths[1]!, { token: foreign, body: { name: "mine", on: "ticket.created", then: [{ action: "escalate" }] } }), 404, "E_NOT_FOUND");
    expectError(await api("DELETE", paths[1]!, { token: foreign }), 404, "E_NOT_FOUND");
    const ticket = await fileTicket(org.requester, org.ops.id);
    expectError(await api("POST", `${paths[1]}/dry-run`, { token: foreign, body: { ticketId: ticket.id, event: "ticket.created" } }), 404, "E_NOT_FOUND");
    const theirs = await api("GET", AUTOMATIONS, { token: foreign });
    expect(theirs.json.items.map((item: { id: string }) => item.id)).not.toContain(created.id);
    expect((await api("GET", paths[1]!, { token: org.admin.accessToken })).json.name).toBe("P1 to OPS");
  });
});

describe("automation rules: dry run", () => {
  const dryRun = (id: string, body: unknown, session: Session = org.manager) => api("POST", `${AUTOMATIONS}/${id}/dry-run`, { token: session.accessToken, body });

  it("answers what a rule would do, also when disabled, and changes nothing", async () => {
    // P3: its SLA is not due soon at once, so nothing else writes history while the test looks.
    const ticket = await fileTicket(org.requester, org.desk.id, { priority: "P3", tags: ["vip"] });
    expect(ticket.sla).not.toBeNull();
    const then = [{ action: "set_team", teamId: org.ops.id }, { action: "comment", body: "Moved by a rule.", public: false }];
    const conditions = { all: [{ field: "priority", op: "lte", value: "P3" }, { field: "tags", op: "contains", value: "VIP" }, { field: "sla.risk", op: "in", value: ["safe", "warning"] }] };
    const created = await create(rule({ enabled: false, if: conditions, then }));
    const historyBefore = await historyOf(org.manager, ticket.id);

    const matched = await dryRun(created.id, { ticketId: ticket.id, event: "ticket.created" });
    expect(matched.status, matched.text).toBe(200);
    expect(matched.json).toEqual({ matched: true, actions: then });
    // Another event, or conditions that do not hold: no match, no actions.
    expect((await dryRun(created.id, { ticketId: ticket.key, event: "ticket.updated" })).json).toEqual({ matched: false, actions: [] });
    const p4 = await create(rule({ if: { all: [{ field: "priority", op: "eq", value: "P4" }] } }));
    expect((await dryRun(p4.id, { ticketId: ticket.id, event: "ticket.created" })).json).toEqual({ matched: false, actions: [] });
    // No "before" in a dry run: changed and changed_to are false.
    const changed = await create(rule({ if: { all: [{ field: "priority", op: "changed" }] } }));
    expect((await dryRun(changed.id, { ticketId: ticket.id, event: "ticket.created" })).json.matched).toBe(false);

    const after = await api("GET", `/api/v1/tickets/${ticket.id}`, { token: org.manager.accessToken });
    expect(after.json).toMatchObject({ version: ticket.version, teamId: org.desk.id, tags: ticket.tags });
    expect(await historyOf(org.manager, ticket.id)).toEqual(historyBefore);
    expect((await api("GET", `${AUTOMATIONS}/${created.id}`, { token: org.manager.accessToken })).json.enabled).toBe(false);
  });

  it("answers 404 for a ticket the caller cannot see and 400 for an unknown event", async () => {
    const created = await create(rule());
    const theirs = await api("POST", "/api/v1/tickets", { token: org.foreign.accessToken, body: { title: "Theirs", priority: "P3", teamId: foreignTeam } });
    expect(theirs.status, theirs.text).toBe(201);
    expectError(await dryRun(created.id, { ticketId: theirs.json.id, event: "ticket.created" }), 404, "E_NOT_FOUND");
    expectError(await dryRun(created.id, { ticketId: "OPS-99999", event: "ticket.created" }), 404, "E_NOT_FOUND");
    const ticket = await fileTicket(org.requester, org.ops.id);
    expect(expectError(await dryRun(created.id, { ticketId: ticket.id, event: "ticket.exploded" }), 400, "E_VALIDATION").details.issues?.[0]?.path).toBe("event");
    expect(expectError(await dryRun(created.id, { ticketId: ticket.id }), 400, "E_VALIDATION").details.issues?.[0]?.path).toBe("event");
    expectError(await dryRun(crypto.randomUUID(), { ticketId: ticket.id, event: "ticket.created" }), 404, "E_NOT_FOUND");
    expectError(await dryRun(created.id, { ticketId: ticket.id, event: "ticket.created" }, org.agent), 403, "E_FORBIDDEN");
  });
});
