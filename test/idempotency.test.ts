import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { sha256Hex } from "../src/auth/encoding";
import { createDb } from "../src/db/client";
import { deleteExpiredIdempotencyKeys } from "../src/db/idempotency-keys";
import { IDEMPOTENCY_LEASE_MS, IDEMPOTENCY_TTL_MS, requestFingerprint } from "../src/domain/idempotency";
import { api, createUser, expectError, PASSWORD, registerOrg, type Session } from "./helpers";
import { createTeam, type Team } from "./ticket-fixtures";

const TICKETS = "/api/v1/tickets";

let admin: Session;
let agent: Session;

beforeAll(async () => {
  admin = await registerOrg("Idempotent Inc");
  agent = await createUser(admin, "agent");
});

afterEach(() => {
  vi.useRealTimers();
});

/** Moves the Worker's clock (it reads `new Date()` per request, in this same isolate). */
function setClock(at: Date | number) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(at);
}

function post(session: Session, key: string | undefined, body: unknown) {
  return api("POST", TICKETS, { token: session.accessToken, body, headers: key === undefined ? {} : { "Idempotency-Key": key } });
}

async function ticketCount(team: Team): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM tickets WHERE team_id = ?").bind(team.id).first<{ n: number }>();
  return row?.n ?? 0;
}

async function newTeam(): Promise<Team> {
  return createTeam(admin, `I${crypto.randomUUID().replace(/[^a-f]/g, "").slice(0, 8).toUpperCase()}`);
}

function ticketBody(team: Team, title = "Printer jams") {
  return { title, priority: "P3", teamId: team.id };
}

describe("Idempotency-Key on POST /tickets", () => {
  it("answers a retry with the first answer and creates nothing more", async () => {
    const team = await newTeam();
    const first = await post(admin, "retry-1", ticketBody(team));
    expect(first.status, first.text).toBe(201);
    expect(first.headers.get("Idempotency-Replayed")).toBeNull();
    // Another key order and spacing is the same request.
    const again = await api("POST", TICKETS, {
      token: admin.accessToken,
      headers: { "Idempotency-Key": "retry-1" },
      body: `{ "teamId": "${team.id}", "priority": "P3",  "title": "Printer jams" }`,
    });
    expect(again.status, again.text).toBe(201);
    expect(again.headers.get("Idempotency-Replayed")).toBe("true");
    expect(again.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(again.headers.get("X-Request-Id")).toBeTruthy();
    expect(again.json).toEqual(first.json);
    expect(await ticketCount(team)).toBe(1);
  });

  it("refuses the same key with another body, 422, creating nothing", async () => {
    const team = await newTeam();
    expect((await post(admin, "mismatch-1", ticketBody(team))).status).toBe(201);
    const error = expectError(await post(admin, "mismatch-1", ticketBody(team, "Another title")), 422, "E_IDEMPOTENCY_MISMATCH");
    expect(error.details).toEqual({ key: "mismatch-1" });
    expect(await ticketCount(team)).toBe(1);
  });

  it("keeps each user's keys apart", async () => {
    const team = await newTeam();
    const mine = await post(admin, "shared-key", ticketBody(team));
    const theirs = await post(agent, "shared-key", ticketBody(team, "Agent's own"));
    expect(mine.status, mine.text).toBe(201);
    expect(theirs.status, theirs.text).toBe(201);
    expect(theirs.headers.get("Idempotency-Replayed")).toBeNull();
    expect(theirs.json.id).not.toBe(mine.json.id);
    expect(await ticketCount(team)).toBe(2);
  });

  it("lets requests without the header run every time", async () => {
    const team = await newTeam();
    expect((await post(admin, undefined, ticketBody(team))).status).toBe(201);
    expect((await post(admin, undefined, ticketBody(team))).status).toBe(201);
    expect(await ticketCount(team)).toBe(2);
  });

  it("creates one ticket when the same request races itself", async () => {
    const team = await newTeam();
    const answers = await Promise.all(Array.from({ length: 4 }, () => post(admin, "race-1", ticketBody(team))));
    const created = answers.filter((res) => res.status === 201 && res.headers.get("Idempotency-Replayed") === null);
    expect(created).toHaveLength(1);
    const id = created[0]?.json.id;
    for (const res of answers) {
      if (res.status === 201) expect(res.json.id).toBe(id);
      else expectError(res, 409, "E_IDEMPOTENCY_IN_PROGRESS");
    }
    expect(await ticketCount(team)).toBe(1);
  });

  it("answers 409 while the first request runs, and frees a claim whose lease ran out", async () => {
    const team = await newTeam();
    const body = ticketBody(team);
    const hash = await sha256Hex(requestFingerprint("POST", TICKETS, JSON.stringify(body)));
    const claim = (createdAt: number) =>
      env.DB.prepare("INSERT OR REPLACE INTO idempotency_keys (user_id, scope, key, request_hash, created_at, expires_at) VALUES (?, 'tickets.create', 'running-1', ?, ?, ?)")
        .bind(admin.user.id, hash, createdAt, createdAt + IDEMPOTENCY_TTL_MS)
        .run();
    await claim(Date.now());
    const busy = await post(admin, "running-1", body);
    expectError(busy, 409, "E_IDEMPOTENCY_IN_PROGRESS");
    expect(busy.headers.get("Retry-After")).toBe("1");
    // A running claim with another body is a mismatch: waiting would not help.
    expectError(await post(admin, "running-1", ticketBody(team, "Other")), 422, "E_IDEMPOTENCY_MISMATCH");
    expect(await ticketCount(team)).toBe(0);

    await claim(Date.now() - IDEMPOTENCY_LEASE_MS - 1000);
    expect((await post(admin, "running-1", body)).status).toBe(201);
    expect(await ticketCount(team)).toBe(1);
  });

  it("runs a key anew once 24 h have passed", async () => {
    const start = new Date("2026-11-20T09:00:00.000Z").getTime();
    setClock(start);
    const session = await registerOrg("Clockwork");
    const team = await createTeam(session, "CLK");
    const first = await post(session, "day-1", ticketBody(team));
    expect(first.status, first.text).toBe(201);

    const signIn = async () => (await api("POST", "/api/v1/auth/login", { body: { email: session.user.email, password: PASSWORD } })).json as Session;
    setClock(start + IDEMPOTENCY_TTL_MS - 1);
    const late = await post(await signIn(), "day-1", ticketBody(team));
    expect(late.headers.get("Idempotency-Replayed")).toBe("true");
    expect(late.json.id).toBe(first.json.id);

    setClock(start + IDEMPOTENCY_TTL_MS);
    const anew = await post(await signIn(), "day-1", ticketBody(team));
    expect(anew.status, anew.text).toBe(201);
    expect(anew.headers.get("Idempotency-Replayed")).toBeNull();
    expect(anew.json.id).not.toBe(first.json.id);
    expect(await ticketCount(team)).toBe(2);
  });

  it("stores no failure, so a corrected retry with the same key runs", async () => {
    const team = await newTeam();
    expectError(await post(admin, "fix-1", { ...ticketBody(team), teamId: "no-such-team" }), 400, "E_VALIDATION");
    expectError(await post(admin, "fix-1", { title: "", priority: "P3", teamId: team.id }), 400, "E_VALIDATION");
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM idempotency_keys WHERE user_id = ? AND key = 'fix-1'").bind(admin.user.id).first<{ n: number }>();
    expect(stored?.n).toBe(0);
    const fixed = await post(admin, "fix-1", ticketBody(team));
    expect(fixed.status, fixed.text).toBe(201);
    expect(await ticketCount(team)).toBe(1);
  });

  it.each([
    ["empty", ""],
    ["too long", "k".repeat(256)],
    ["with a space", "two words"],
    ["with a tab", "tab\tbed"],
    ["with a control character", "del\x7f"],
  ])("refuses a key that is %s, 400 naming the header", async (_, key) => {
    const team = await newTeam();
    const error = expectError(await post(admin, key, ticketBody(team)), 400, "E_VALIDATION");
    expect(error.details.issues).toEqual([{ path: "Idempotency-Key", message: expect.any(String) }]);
    expect(await ticketCount(team)).toBe(0);
  });

  it("accepts a key of 255 visible characters", async () => {
    const team = await newTeam();
    expect((await post(admin, "~".repeat(255), ticketBody(team))).status).toBe(201);
  });

  it("is described in the OpenAPI document", async () => {
    const doc = (await api("GET", "/openapi.json")).json;
    const parameters = doc.paths["/api/v1/tickets"].post.parameters as { name: string; in: string; required?: boolean }[];
    expect(parameters).toContainEqual(expect.objectContaining({ name: "idempotency-key", in: "header", required: false }));
  });
});

describe("Idempotency-Key on POST /tickets/{id}/comments", () => {
  function comment(ticketId: string, key: string, body = "Restarted the gateway.") {
    return api("POST", `${TICKETS}/${ticketId}/comments`, { token: admin.accessToken, body: { body }, headers: { "Idempotency-Key": key } });
  }

  async function commentCount(ticketId: string): Promise<number> {
    const row = await env.DB.prepare("SELECT count(*) AS n FROM comments WHERE ticket_id = ?").bind(ticketId).first<{ n: number }>();
    return row?.n ?? 0;
  }

  it("replays a retried comment, refuses the key on another ticket, and keeps scopes apart", async () => {
    const team = await newTeam();
    // The same key already made a ticket: another operation's keys are its own.
    const ticket = (await post(admin, "comment-1", ticketBody(team))).json as { id: string };
    const other = (await post(admin, undefined, ticketBody(team))).json as { id: string };

    const first = await comment(ticket.id, "comment-1");
    expect(first.status, first.text).toBe(201);
    const again = await comment(ticket.id, "comment-1");
    expect(again.status, again.text).toBe(201);
    expect(again.headers.get("Idempotency-Replayed")).toBe("true");
    expect(again.json).toEqual(first.json);
    expect(await commentCount(ticket.id)).toBe(1);

    // The ticket is part of the request, so the same key and text on another ticket is another request.
    expectError(await comment(other.id, "comment-1"), 422, "E_IDEMPOTENCY_MISMATCH");
    expect(await commentCount(other.id)).toBe(0);
  });
});

describe("clean-up of expired keys", () => {
  it("deletes only the rows expired at the given instant", async () => {
    const now = Date.now() + 10 * IDEMPOTENCY_TTL_MS;
    const insert = env.DB.prepare("INSERT INTO idempotency_keys (user_id, scope, key, request_hash, created_at, expires_at) VALUES (?, 'cleanup', ?, 'h', ?, ?)");
    await env.DB.batch([
      insert.bind(agent.user.id, "expired", now - IDEMPOTENCY_TTL_MS - 1, now - 1),
      insert.bind(agent.user.id, "expires-now", now - IDEMPOTENCY_TTL_MS, now),
      insert.bind(agent.user.id, "live", now - 1000, now + IDEMPOTENCY_TTL_MS - 1000),
    ]);
    const removed = await deleteExpiredIdempotencyKeys(createDb(env.DB), new Date(now));
    expect(removed).toBeGreaterThanOrEqual(2);
    const left = await env.DB.prepare("SELECT key FROM idempotency_keys WHERE scope = 'cleanup'").all<{ key: string }>();
    expect(left.results.map((row) => row.key)).toEqual(["live"]);
  });
});
