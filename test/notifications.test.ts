import { beforeAll, describe, expect, it } from "vitest";
import { api, createUser, expectError, registerOrg, type Session } from "./helpers";
import { deliveriesWhere, inbox } from "./delivery-fixtures";
import { addMember, createTeam, fileTicket, type Team } from "./ticket-fixtures";

let admin: Session, manager: Session, agent: Session, other: Session, requester: Session, foreign: Session;
let team: Team;

beforeAll(async () => {
  admin = await registerOrg("Notify Co");
  [manager, agent, other, requester] = await Promise.all([
    createUser(admin, "manager"),
    createUser(admin, "agent", "Ana Agent"),
    createUser(admin, "agent", "Otto Other"),
    createUser(admin, "requester"),
  ]);
  team = await createTeam(admin);
  await addMember(admin, team.id, agent.user.id);
  await addMember(admin, team.id, other.user.id);
  foreign = await registerOrg("Foreign Co");
});

const ofTicket = async (session: Session, ticketId: string) => (await inbox(session)).filter((n) => n.ticketId === ticketId);
const emailsTo = async (ticketId: string, userId: string) =>
  (await deliveriesWhere("ticket_id", ticketId)).filter((d) => d.channel === "email" && d.userId === userId).map((d) => d.event);

describe("who hears of ticket events", () => {
  it("tells the requester and the assignee of a new ticket, never the one who filed it", async () => {
    const ticket = await fileTicket(agent, team.id, { requesterId: requester.user.id, assigneeId: other.user.id, title: "VPN down" });
    expect(await ofTicket(requester, ticket.id)).toMatchObject([{ type: "ticket.created", ticketKey: ticket.key, read: false, message: `${ticket.key}: new P3 ticket "VPN down"` }]);
    expect((await ofTicket(other, ticket.id)).map((n) => n.type)).toEqual(["ticket.created"]);
    expect(await ofTicket(agent, ticket.id)).toEqual([]);
    expect(await ofTicket(manager, ticket.id)).toEqual([]);
    expect(await emailsTo(ticket.id, requester.user.id)).toEqual(["ticket.created"]);
    expect(await emailsTo(ticket.id, agent.user.id)).toEqual([]);
  });

  it("tells the new assignee of an assignment, the assignee and requester of a status change", async () => {
    const ticket = await fileTicket(requester, team.id);
    const assigned = await api("POST", `/api/v1/tickets/${ticket.id}/assign`, { token: agent.accessToken, body: { assigneeId: other.user.id } });
    expect(assigned.status, assigned.text).toBe(200);
    expect(await ofTicket(other, ticket.id)).toMatchObject([{ type: "ticket.assigned", message: `${ticket.key}: assigned to Otto Other` }]);
    expect((await ofTicket(requester, ticket.id)).map((n) => n.type)).toEqual([]);

    const moved = await api("PATCH", `/api/v1/tickets/${ticket.id}/status`, { token: agent.accessToken, body: { status: "in_progress" } });
    expect(moved.status, moved.text).toBe(200);
    expect((await ofTicket(other, ticket.id)).map((n) => [n.type, n.message])).toEqual([
      ["ticket.status_changed", `${ticket.key}: moved from new to in_progress`],
      ["ticket.assigned", `${ticket.key}: assigned to Otto Other`],
    ]);
    expect((await ofTicket(requester, ticket.id)).map((n) => n.type)).toEqual(["ticket.status_changed"]);
    // Assigning oneself is one's own action: no notice.
    await api("POST", `/api/v1/tickets/${ticket.id}/assign`, { token: agent.accessToken, body: { assigneeId: agent.user.id } });
    expect(await ofTicket(agent, ticket.id)).toEqual([]);
  });

  it("tells the requester of public comments only, the assignee of every comment", async () => {
    const ticket = await fileTicket(requester, team.id, { assigneeId: undefined });
    await api("POST", `/api/v1/tickets/${ticket.id}/assign`, { token: manager.accessToken, body: { assigneeId: agent.user.id } });
    await api("POST", `/api/v1/tickets/${ticket.id}/comments`, { token: other.accessToken, body: { body: "internal note", public: false } });
    await api("POST", `/api/v1/tickets/${ticket.id}/comments`, { token: other.accessToken, body: { body: "reply", public: true } });
    await api("POST", `/api/v1/tickets/${ticket.id}/comments`, { token: requester.accessToken, body: { body: "thanks" } });
    expect((await ofTicket(agent, ticket.id)).map((n) => n.message)).toEqual([
      `${ticket.key}: new comment`,
      `${ticket.key}: new comment`,
      `${ticket.key}: new internal note`,
      `${ticket.key}: assigned to Ana Agent`,
    ]);
    expect((await ofTicket(requester, ticket.id)).map((n) => n.message)).toEqual([`${ticket.key}: new comment`]);
  });

  it("writes nothing for a change that did not happen", async () => {
    const ticket = await fileTicket(requester, team.id);
    const illegal = await api("PATCH", `/api/v1/tickets/${ticket.id}/status`, { token: agent.accessToken, body: { status: "new" } });
    expect(illegal.status).toBe(409);
    const stale = await api("PATCH", `/api/v1/tickets/${ticket.id}/status`, { token: agent.accessToken, body: { status: "open" }, headers: { "If-Match": "7" } });
    expect(stale.status).toBe(412);
    expect((await ofTicket(requester, ticket.id)).map((n) => n.type)).toEqual([]);
    expect((await deliveriesWhere("ticket_id", ticket.id)).filter((d) => d.event !== "ticket.created")).toEqual([]);
  });
});

describe("preferences", () => {
  it("answers every event with the defaults, merges changes, and applies them to the channels", async () => {
    const me = await createUser(admin, "requester");
    const initial = await api("GET", "/api/v1/auth/me/notification-preferences", { token: me.accessToken });
    expect(Object.keys(initial.json.events)).toHaveLength(9);
    expect(initial.json.events["ticket.created"]).toEqual({ inApp: true, email: true });

    const put = await api("PUT", "/api/v1/auth/me/notification-preferences", {
      token: me.accessToken,
      body: { events: { "ticket.created": { email: false }, "ticket.status_changed": { inApp: false } } },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.json.events["ticket.created"]).toEqual({ inApp: true, email: false });
    expect(put.json.events["ticket.status_changed"]).toEqual({ inApp: false, email: true });
    expect(put.json.events["comment.added"]).toEqual({ inApp: true, email: true });
    const again = await api("PUT", "/api/v1/auth/me/notification-preferences", { token: me.accessToken, body: { events: { "ticket.created": { inApp: true } } } });
    expect(again.json.events["ticket.created"]).toEqual({ inApp: true, email: false });

    const ticket = await fileTicket(agent, team.id, { requesterId: me.user.id });
    await api("PATCH", `/api/v1/tickets/${ticket.id}/status`, { token: agent.accessToken, body: { status: "open" } });
    expect((await ofTicket(me, ticket.id)).map((n) => n.type)).toEqual(["ticket.created"]);
    expect(await emailsTo(ticket.id, me.user.id)).toEqual(["ticket.status_changed"]);
  });

  it("refuses unknown events and channels by name, and turning off a mandatory in-app copy", async () => {
    const put = (events: unknown) => api("PUT", "/api/v1/auth/me/notification-preferences", { token: agent.accessToken, body: { events } });
    const unknownEvent = expectError(await put({ "ticket.exploded": { email: false } }), 400, "E_VALIDATION");
    expect(JSON.stringify(unknownEvent.details.issues)).toContain("ticket.exploded");
    const unknownChannel = expectError(await put({ "ticket.created": { sms: true } }), 400, "E_VALIDATION");
    expect(JSON.stringify(unknownChannel.details.issues)).toContain("sms");
    for (const event of ["sla.breached", "ticket.escalated"]) {
      const refused = expectError(await put({ [event]: { inApp: false } }), 400, "E_VALIDATION");
      expect(refused.details.issues).toEqual([{ path: `events.${event}.inApp`, message: expect.stringContaining(event) }]);
    }
    expectError(await put({ "ticket.created": { email: "no" } }), 400, "E_VALIDATION");
    // Email may go, the in-app copy stays.
    expect((await put({ "sla.breached": { email: false } })).json.events["sla.breached"]).toEqual({ inApp: true, email: false });
  });
});

describe("the in-app inbox", () => {
  it("pages newest first, filters unread, counts, marks read, and answers 304 while nothing changed", async () => {
    const me = await createUser(admin, "requester");
    const tickets = [];
    for (let i = 0; i < 3; i += 1) tickets.push(await fileTicket(agent, team.id, { requesterId: me.user.id, title: `Issue ${i}` }));
    const first = await api("GET", "/api/v1/notifications?limit=2", { token: me.accessToken });
    expect(first.json.items.map((n: { ticketId: string }) => n.ticketId)).toEqual([tickets[2]!.id, tickets[1]!.id]);
    const second = await api("GET", `/api/v1/notifications?limit=2&cursor=${first.json.nextCursor}`, { token: me.accessToken });
    expect(second.json).toMatchObject({ items: [{ ticketId: tickets[0]!.id }], nextCursor: null });

    const etag = first.headers.get("ETag")!;
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    const unchanged = await api("GET", "/api/v1/notifications?limit=2", { token: me.accessToken, headers: { "If-None-Match": etag } });
    expect(unchanged.status).toBe(304);
    expect(unchanged.text).toBe("");
    expect((await api("GET", "/api/v1/notifications/unread-count", { token: me.accessToken })).json).toEqual({ count: 3 });

    const read = await api("POST", `/api/v1/notifications/${first.json.items[0].id}/read`, { token: me.accessToken });
    expect(read.json).toMatchObject({ id: first.json.items[0].id, read: true });
    const changed = await api("GET", "/api/v1/notifications?limit=2", { token: me.accessToken, headers: { "If-None-Match": etag } });
    expect(changed.status).toBe(200);
    expect((await api("GET", "/api/v1/notifications?unread=true", { token: me.accessToken })).json.items.map((n: { ticketId: string }) => n.ticketId)).toEqual([
      tickets[1]!.id,
      tickets[0]!.id,
    ]);
    expect((await api("POST", "/api/v1/notifications/read-all", { token: me.accessToken })).json).toEqual({ updated: 2 });
    expect((await api("GET", "/api/v1/notifications/unread-count", { token: me.accessToken })).json).toEqual({ count: 0 });
    expect((await api("GET", "/api/v1/notifications?unread=true", { token: me.accessToken })).json.items).toEqual([]);
  });

  it("keeps each person's notifications their own", async () => {
    const [mine] = await inbox(requester);
    expect(mine).toBeDefined();
    expectError(await api("POST", `/api/v1/notifications/${mine!.id}/read`, { token: agent.accessToken }), 404, "E_NOT_FOUND");
    expectError(await api("POST", `/api/v1/notifications/${mine!.id}/read`, { token: foreign.accessToken }), 404, "E_NOT_FOUND");
    expectError(await api("GET", "/api/v1/notifications"), 401, "E_UNAUTHORIZED");
    expectError(await api("GET", "/api/v1/notifications?unread=maybe", { token: agent.accessToken }), 400, "E_VALIDATION");
  });

  it("shows the delivery records to admins only", async () => {
    const list = await api("GET", "/api/v1/notifications/deliveries?status=pending&channel=email", { token: admin.accessToken });
    expect(list.status, list.text).toBe(200);
    expect(list.json.items.length).toBeGreaterThan(0);
    expect(list.json.items.every((d: { status: string; channel: string }) => d.status === "pending" && d.channel === "email")).toBe(true);
    expectError(await api("GET", "/api/v1/notifications/deliveries", { token: manager.accessToken }), 403, "E_FORBIDDEN");
    expect((await api("GET", "/api/v1/notifications/deliveries", { token: foreign.accessToken })).json.items).toEqual([]);
    expectError(await api("GET", "/api/v1/notifications/deliveries?status=lost", { token: admin.accessToken }), 400, "E_VALIDATION");
  });
});
