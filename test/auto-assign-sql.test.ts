import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { chosenAssignee, eligibleCount } from "../src/db/assignment";
import { createDb } from "../src/db/client";
import { chooseAssignee } from "../src/domain/auto-assign";
import { createUser, registerOrg, type Session } from "./helpers";
import { createTeam, type Team } from "./ticket-fixtures";

let admin: Session;
let people: Session[];
let team: Team;
const db = createDb(env.DB);

beforeAll(async () => {
  admin = await registerOrg("Equivalence Co");
  people = await Promise.all(["a", "b", "c", "d", "e"].map((name) => createUser(admin, "agent", name)));
  team = await createTeam(admin);
});

const member = fc.record({
  available: fc.boolean(),
  skills: fc.uniqueArray(fc.constantFrom("Network", "network", "printers", "access"), { maxLength: 2 }),
  maxActive: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
  activeCount: fc.integer({ min: 0, max: 3 }),
  lastAssignedAt: fc.option(fc.constantFrom(1_000, 2_000, 3_000), { nil: null }),
});

/** Writes the members and their active tickets as generated, replacing the previous sample. */
async function store(members: { available: boolean; skills: string[]; maxActive: number | null; activeCount: number; lastAssignedAt: number | null }[]) {
  const statements = [env.DB.prepare("DELETE FROM team_members WHERE team_id = ?").bind(team.id), env.DB.prepare("DELETE FROM tickets WHERE title = 'sample'")];
  members.forEach((m, index) => {
    const userId = people[index]!.user.id;
    statements.push(
      env.DB.prepare("INSERT INTO team_members (team_id, user_id, skills, available, max_active, last_assigned_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 0)").bind(
        team.id,
        userId,
        JSON.stringify(m.skills),
        m.available ? 1 : 0,
        m.maxActive,
        m.lastAssignedAt,
      ),
    );
    for (let n = 0; n < m.activeCount; n += 1) {
      statements.push(
        env.DB.prepare(
          `INSERT INTO tickets (id, org_id, team_id, number, key, title, priority, status, requester_id, assignee_id, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, 'sample', 'P3', 'open', ?, ?, 0, 0)`,
        ).bind(crypto.randomUUID(), admin.user.orgId, team.id, 100_000 + index * 10 + n, `S-${index}-${n}`, admin.user.id, userId),
      );
    }
  });
  await env.DB.batch(statements);
}

describe("the create's in-batch choice", () => {
  it("chooses exactly as the pure rule does, and counts the same candidates", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(member, { minLength: 0, maxLength: 5 }), fc.option(fc.constantFrom("network", "printers", "billing"), { nil: null }), async (members, category) => {
        await store(members);
        const candidates = members.map((m, index) => ({ ...m, userId: people[index]!.user.id }));
        const expected = chooseAssignee(candidates, category);
        const probe = crypto.randomUUID();
        const [row] = await db.all<{ chosen: string | null; count: number }>(
          sql`SELECT ${chosenAssignee(admin.user.orgId, team.id, category, probe)} AS chosen, ${eligibleCount(admin.user.orgId, team.id, category, probe)} AS count`,
        );
        expect(row!.chosen).toBe(expected.kind === "assigned" ? expected.userId : null);
        expect(row!.count).toBe(expected.reason.candidates);
      }),
      { numRuns: 40 },
    );
  });
});
