import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../src/db/client";
import { addCommentStatements } from "../src/db/comments";
import { comments, ticketHistory, tickets } from "../src/db/schema";
import { api, expectError, type Session } from "./helpers";
import { fileTicket, historyOf, ticketOrg, type Team } from "./ticket-fixtures";

let admin: Session;
let manager: Session;
let agent: Session;
let outsider: Session;
let requester: Session;
let otherRequester: Session;
let foreign: Session;
let ops: Team;

beforeAll(async () => {
  ({ admin, manager, agent, outsider, requester, otherRequester, foreign, ops } = await ticketOrg("Comments Co"));
});

const comment = (session: Session | undefined, ticketId: string, body: unknown) =>
  api("POST", `/api/v1/tickets/${ticketId}/comments`, { token: session?.accessToken, body });
const listOf = (session: Session, ticketId: string, query = "") => api("GET", `/api/v1/tickets/${ticketId}/comments${query}`, { token: session.accessToken });
const ticketOf = async (ticketId: string) => (await api("GET", `/api/v1/tickets/${ticketId}`, { token: admin.accessToken })).json;

describe("writing a comment", () => {
  it("answers 201 with the comment for staff, public or internal, by id or by key", async () => {
    const ticket = await fileTicket(requester, ops.id);
    const note = await comment(agent, ticket.key, { body: "  Looks like the fuser.  ", public: false });
    expect(note.status, note.text).toBe(201);
    expect(note.json).toEqual({ id: expect.any(String), ticketId: ticket.id, authorId: agent.user.id, body: "Looks like the fuser.", public: false, createdAt: expect.any(String) });
    const reply = await comment(manager, ticket.id, { body: "We are on it." });
    expect(reply.status, reply.text).toBe(201);
    expect(reply.json).toMatchObject({ authorId: manager.user.id, public: true });
  });

  it("lets a requester comment publicly on their own ticket but not write an internal note", async () => {
    const ticket = await fileTicket(requester, ops.id);
    const res = await comment(requester, ticket.id, { body: "Still jammed", public: true });
    expect(res.status, res.text).toBe(201);
    expect(res.json.public).toBe(true);
    expectError(await comment(requester, ticket.id, { body: "psst", public: false }), 403, "E_FORBIDDEN");
    const listed = await listOf(admin, ticket.id);
    expect(listed.json.items.map((item: { body: string }) => item.body)).toEqual(["Still jammed"]);
  });

  it("answers 401 without a token and 404 for a ticket the caller may not see", async () => {
    const ticket = await fileTicket(requester, ops.id);
    expectError(await comment(undefined, ticket.id, { body: "hi" }), 401, "E_UNAUTHORIZED");
    expectError(await api("GET", `/api/v1/tickets/${ticket.id}/comments`), 401, "E_UNAUTHORIZED");
    for (const stranger of [otherRequester, outsider, foreign]) {
      expectError(await comment(stranger, ticket.id, { body: "hi" }), 404, "E_NOT_FOUND");
      expectError(await listOf(stranger, ticket.key), 404, "E_NOT_FOUND");
    }
    expectError(await comment(admin, "no-such-ticket", { body: "hi" }), 404, "E_NOT_FOUND");
    expect((await listOf(admin, ticket.id)).json.items).toEqual([]);
  });

  it("names each bad field: missing or blank body, wrong type, unknown field", async () => {
    const ticket = await fileTicket(requester, ops.id);
    const missing = expectError(await comment(agent, ticket.id, { public: true }), 400, "E_VALIDATION");
    expect(missing.details.issues!.map((issue) => issue.path)).toEqual(["body"]);
    expectError(await comment(agent, ticket.id, { body: "   " }), 400, "E_VALIDATION");
    expectError(await comment(agent, ticket.id, { body: "x".repeat(20_001) }), 400, "E_VALIDATION");
    const wrong = expectError(await comment(agent, ticket.id, { body: 42, public: "yes" }), 400, "E_VALIDATION");
    expect(wrong.details.issues!.map((issue) => issue.path).sort()).toEqual(["body", "public"]);
    const unknown = expectError(await comment(agent, ticket.id, { body: "ok", authorId: admin.user.id }), 400, "E_VALIDATION");
    expect(unknown.details.issues!.map((issue) => issue.path)).toEqual(["authorId"]);
    expect((await comment(agent, ticket.id, { body: "x".repeat(20_000) })).status).toBe(201);
    expect((await listOf(admin, ticket.id)).json.items).toHaveLength(1);
  });

  it("writes a comment_added history row with the comment's id and visibility", async () => {
    const ticket = await fileTicket(requester, ops.id);
    const note = await comment(agent, ticket.id, { body: "internal", public: false });
    const history = await historyOf(admin, ticket.id);
    expect(history.at(-1)).toMatchObject({ action: "comment_added", actorId: agent.user.id, to: { commentId: note.json.id, public: false } });
    expect(history).toHaveLength(2);
  });
});

describe("reading comments", () => {
  it("shows requesters the public comments only and staff everything, oldest first", async () => {
    const ticket = await fileTicket(requester, ops.id);
    for (const [session, body, isPublic] of [[requester, "one", true], [agent, "two (note)", false], [agent, "three", true], [manager, "four (note)", false]] as const) {
      expect((await comment(session, ticket.id, { body, public: isPublic })).status).toBe(201);
    }
    const staff = await listOf(agent, ticket.id);
    expect(staff.json.items.map((item: { body: string }) => item.body)).toEqual(["one", "two (note)", "three", "four (note)"]);
    const own = await listOf(requester, ticket.id);
    expect(own.json).toEqual({ items: [expect.objectContaining({ body: "one" }), expect.objectContaining({ body: "three" })], nextCursor: null });
  });

  it("pages with a cursor, and a requester's pages never carry internal notes", async () => {
    const ticket = await fileTicket(requester, ops.id);
    for (let i = 1; i <= 7; i++) expect((await comment(agent, ticket.id, { body: `c${i}`, public: i % 2 === 1 })).status).toBe(201);
    const walk = async (session: Session) => {
      const bodies: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await listOf(session, ticket.id, `?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
        expect(res.status, res.text).toBe(200);
        bodies.push(...res.json.items.map((item: { body: string }) => item.body));
        cursor = res.json.nextCursor;
      } while (cursor);
      return bodies;
    };
    expect(await walk(agent)).toEqual(["c1", "c2", "c3", "c4", "c5", "c6", "c7"]);
    expect(await walk(requester)).toEqual(["c1", "c3", "c5", "c7"]);
    const newest = await listOf(agent, ticket.id, "?sort=-createdAt&limit=1");
    expect(newest.json.items[0].body).toBe("c7");
    expectError(await listOf(agent, ticket.id, "?cursor=garbage"), 400, "E_VALIDATION");
  });
});

describe("the first response", () => {
  it("is set by the first public staff comment only: not a requester's comment, not an internal note", async () => {
    const ticket = await fileTicket(requester, ops.id);
    await comment(requester, ticket.id, { body: "Any news?" });
    await comment(agent, ticket.id, { body: "Checking logs", public: false });
    const before = await ticketOf(ticket.id);
    expect(before.firstRespondedAt).toBeNull();
    expect(before.version).toBe(1);

    const reply = await comment(agent, ticket.id, { body: "Fixed, please retry" });
    const after = await ticketOf(ticket.id);
    expect(after.firstRespondedAt).toBe(reply.json.createdAt);
    expect(after.updatedAt).toBe(reply.json.createdAt);
    expect(after.version).toBe(1);

    const later = await comment(manager, ticket.id, { body: "Following up" });
    const final = await ticketOf(ticket.id);
    expect(final.firstRespondedAt).toBe(reply.json.createdAt);
    expect(final.updatedAt).toBe(later.json.createdAt);
  });

  it("keeps the earliest response when two staff replies race", async () => {
    const ticket = await fileTicket(requester, ops.id);
    const replies = await Promise.all([comment(agent, ticket.id, { body: "A" }), comment(manager, ticket.id, { body: "B" })]);
    expect(replies.map((res) => res.status)).toEqual([201, 201]);
    const { firstRespondedAt } = await ticketOf(ticket.id);
    expect(replies.map((res) => res.json.createdAt)).toContain(firstRespondedAt);
    expect((await historyOf(admin, ticket.id)).filter((entry) => entry.action === "comment_added")).toHaveLength(2);
  });
});

describe("atomicity", () => {
  it("a batch that fails leaves neither the comment, nor its history row, nor the ticket's touch", async () => {
    const ticket = await fileTicket(requester, ops.id);
    const db = createDb(env.DB);
    const now = new Date();
    const row = { id: crypto.randomUUID(), ticketId: ticket.id, authorId: agent.user.id, body: "zanzibar", public: true, createdAt: now };
    const history = { ticketId: ticket.id, at: now, actorId: agent.user.id, action: "comment_added", to: { commentId: row.id, public: true }, ip: null };
    // The last statement repeats the comment's primary key, so the whole batch must roll back.
    await expect(db.batch([...addCommentStatements(db, row, history, { elapsedMs: 0 }), db.insert(comments).values(row)])).rejects.toThrow();

    expect(await db.select().from(comments).where(eq(comments.ticketId, ticket.id))).toEqual([]);
    expect((await db.select().from(ticketHistory).where(eq(ticketHistory.ticketId, ticket.id))).map((entry) => entry.action)).toEqual(["created"]);
    const [stored] = await db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(stored!.firstRespondedAt).toBeNull();
    const search = await api("GET", "/api/v1/tickets?q=zanzibar", { token: admin.accessToken });
    expect(search.json.items).toEqual([]);
  });

  it("answers 404, writing nothing, when the ticket was deleted", async () => {
    const ticket = await fileTicket(requester, ops.id);
    expect((await api("DELETE", `/api/v1/tickets/${ticket.id}`, { token: manager.accessToken })).status).toBe(204);
    expectError(await comment(manager, ticket.id, { body: "too late" }), 404, "E_NOT_FOUND");
  });
});

describe("the OpenAPI description", () => {
  it("documents both operations, with public defaulting to true", async () => {
    const { json } = await api("GET", "/openapi.json");
    const path = json.paths["/api/v1/tickets/{id}/comments"];
    expect(Object.keys(path).sort()).toEqual(["get", "post"]);
    expect(path.post.responses).toHaveProperty("201");
    expect(json.components.schemas.CreateCommentRequest).toMatchObject({ required: ["body"], additionalProperties: false, properties: { public: { type: "boolean", default: true } } });
  });
});
