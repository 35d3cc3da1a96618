import { env } from "cloudflare:workers";
import { desc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../src/db/client";
import { tickets } from "../src/db/schema";
import { listTickets } from "../src/db/ticket-list";
import { withClocks } from "../src/db/tickets";
import { registerOrg, type Session } from "./helpers";
import { createTeam, fileTicket, moveThrough } from "./ticket-fixtures";

// The ticket list reads its rows as arrays and decodes them itself (src/db/flat-selection.ts);
// drizzle's own mapping of the same selection is the judge of what it must answer.

let admin: Session;
const db = createDb(env.DB);
const everything = { field: "createdAt", descending: true, limit: 50 } as const;
const organization = { kind: "organization" } as const;

beforeAll(async () => {
  admin = await registerOrg("Rows Co");
  const team = await createTeam(admin, "ROWS");
  // Clocks (the P1's default policy), JSON tags, nulls and set instants (a resolved ticket).
  await fileTicket(admin, team.id, { title: "Clocked", priority: "P1", tags: ["vpn", "urgent"], category: "network", customer: "Initech" });
  const resolved = await fileTicket(admin, team.id, { title: "Done", priority: "P3" });
  await moveThrough(admin, resolved.id, ["resolved"]);
  await fileTicket(admin, team.id, { title: "Plain", priority: "P4" });
});

describe("a page of tickets read as arrays", () => {
  it("answers each row as drizzle's mapping of the same selection does, in the same key order", async () => {
    const orgId = admin.user.orgId;
    const expected = await db.select(withClocks).from(tickets).where(eq(tickets.orgId, orgId)).orderBy(desc(tickets.createdAt), desc(tickets.id));
    const { rows } = await listTickets(db, orgId, organization, {}, undefined, everything);
    expect(expected).toHaveLength(3);
    expect(rows).toEqual(expected);
    expect(rows.map((row) => Object.keys(row))).toEqual(expected.map((row) => Object.keys(row)));
    expect(rows[2]).toMatchObject({ tags: ["vpn", "urgent"], createdAt: expect.any(Date), clocks: expect.stringContaining('"metric":"response"') });
    expect(rows[1]!.resolvedAt).toBeInstanceOf(Date);
  });

  it("answers a column selected after the ticket's from the first row, and nothing for an empty page", async () => {
    const orgId = admin.user.orgId;
    expect((await listTickets(db, orgId, organization, {}, undefined, everything, sql`'beside'`)).alsoValue).toBe("beside");
    const empty = await listTickets(db, orgId, organization, { teamId: crypto.randomUUID() }, undefined, everything, sql`'beside'`);
    expect(empty).toEqual({ rows: [], alsoValue: undefined });
  });
});
