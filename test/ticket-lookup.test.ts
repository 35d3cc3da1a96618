import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../src/db/client";
import { ticketQuery } from "../src/db/tickets";
import type { TicketScope } from "../src/domain/ticket-access";
import { api, createUser, registerOrg, type Session } from "./helpers";
import { addMember, createTeam, fileTicket } from "./ticket-fixtures";

// A ticket addressed by key or id costs one index seek, however many tickets the organization has:
// every ticket read and write starts with this lookup.

let admin: Session;
let agent: Session;
let requester: Session;
const filed: { id: string; key: string }[] = [];

beforeAll(async () => {
  admin = await registerOrg("Lookup Co");
  [agent, requester] = await Promise.all([createUser(admin, "agent"), createUser(admin, "requester")]);
  const team = await createTeam(admin, "LOOK");
  await addMember(admin, team.id, agent.user.id);
  for (let i = 0; i < 30; i += 1) filed.push(await fileTicket(requester, team.id, { title: `Lookup ${i}` }));
});

const scopes: [string, () => TicketScope][] = [
  ["an admin", () => ({ kind: "organization" })],
  ["an agent", () => ({ kind: "teams", userId: agent.user.id })],
  ["a requester", () => ({ kind: "requester", userId: requester.user.id })],
];

describe("finding a ticket by key or id", () => {
  it.each(scopes)("reads the oldest of 30 tickets by key as %s through the key index, as few rows as by its id", async (_who, scope) => {
    const lookup = (ref: string) => ticketQuery(createDb(env.DB), admin.user.orgId, scope(), ref).toSQL();
    const oldest = filed[0]!;
    const { sql, params } = lookup(oldest.key);
    const plan = (await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>()).results.map((row) => row.detail).join("\n");
    expect(plan).toContain("SEARCH tickets USING INDEX tickets_org_key_idx (org_id=? AND key=?)");
    expect(plan).not.toMatch(/TEMP B-TREE|SCAN tickets/);
    const answer = await env.DB.prepare(sql).bind(...params).raw();
    expect(answer.map((row) => row[1])).toEqual([oldest.id]);
    // Walking the tickets by date, the oldest by key cost 29 rows more than by its id (one seek of
    // the id index). Against the same ticket, not another one: the seek of a ticket's clocks reads
    // one index entry fewer for the ticket whose random id sorts last, so two tickets may differ by one.
    const rowsRead = async (ref: string) => {
      const query = lookup(ref);
      return (await env.DB.prepare(query.sql).bind(...query.params).all()).meta.rows_read;
    };
    expect(await rowsRead(oldest.key)).toBe(await rowsRead(oldest.id));
  });

  it("reads it by id through the id index, and answers it by key and by id alike", async () => {
    const oldest = filed[0]!;
    const { sql, params } = ticketQuery(createDb(env.DB), admin.user.orgId, { kind: "organization" }, oldest.id).toSQL();
    const plan = (await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>()).results.map((row) => row.detail).join("\n");
    expect(plan).toContain("SEARCH tickets USING INDEX tickets_id_unique (id=?)");
    const [byKey, byId] = await Promise.all([oldest.key, oldest.id].map((ref) => api("GET", `/api/v1/tickets/${ref}`, { token: admin.accessToken })));
    expect(byKey!.status, byKey!.text).toBe(200);
    expect(byKey!.json).toEqual(byId!.json);
    expect(byKey!.json).toMatchObject({ id: oldest.id, key: oldest.key, title: "Lookup 0" });
  });
});
