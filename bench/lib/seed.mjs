/**
 * Fills the bench's local D1 with one organization, its admin, one team and `count` tickets,
 * before the Worker starts: through `wrangler d1 execute` on the same persisted state, since
 * Miniflare's Node-side D1 proxy can fail under load (a synchronous fetch timing out).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { tsImport } from "tsx/esm/api";
import { runWrangler } from "../../scripts/lib/wrangler.mjs";

// The Worker's own hashing, so the admin signs in exactly as one registered through the API.
const { hashPassword } = await tsImport("../../src/auth/password.ts", import.meta.url);

export const BENCH_ADMIN = { email: "bench-admin@bench.test", password: "bench-password-1" };
const IDS = { org: "bench-org", admin: "bench-admin", team: "bench-team" };

const quote = (text) => `'${String(text).replaceAll("'", "''")}'`;

// Numbered 1..count with the team's counter at count, so the creates measured later take the next
// keys. Timestamps are one second apart ending now: the newest seeded ticket is the list's first
// row. Statuses and priorities vary; each ticket gets its `created` history row, as through the API.
function seedSql(count, passwordHash, now) {
  const since = now - count * 1000;
  return `
INSERT INTO organizations (id, name, created_at) VALUES (${quote(IDS.org)}, 'Bench Co', ${now});
INSERT INTO users (id, org_id, email, name, role, password_hash, created_at, updated_at)
VALUES (${quote(IDS.admin)}, ${quote(IDS.org)}, ${quote(BENCH_ADMIN.email)}, 'Bench Admin', 'admin', ${quote(passwordHash)}, ${now}, ${now});
INSERT INTO teams (id, org_id, name, key, last_ticket_number, created_at, updated_at)
VALUES (${quote(IDS.team)}, ${quote(IDS.org)}, 'Bench', 'BENCH', ${count}, ${now}, ${now});
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count})
INSERT INTO tickets (id, org_id, team_id, number, key, title, description, priority, status, requester_id, created_at, updated_at)
SELECT lower(hex(randomblob(16))), ${quote(IDS.org)}, ${quote(IDS.team)}, i, 'BENCH-' || i, 'Seeded ticket ' || i,
       'Something is broken and needs a look.', 'P' || (1 + i % 4),
       CASE i % 5 WHEN 0 THEN 'new' WHEN 1 THEN 'open' WHEN 2 THEN 'in_progress' WHEN 3 THEN 'pending' ELSE 'resolved' END,
       ${quote(IDS.admin)}, ${since} + i * 1000, ${since} + i * 1000
FROM n;
INSERT INTO ticket_history (ticket_id, at, actor_id, action, to_value)
SELECT id, created_at, requester_id, 'created', '{}' FROM tickets WHERE team_id = ${quote(IDS.team)};
`;
}

/** Writes the seed into the persisted D1 at `persistTo`; the Worker must use `pepper` as its PASSWORD_PEPPER. */
export async function seedDatabase(persistTo, count, pepper) {
  const file = path.join(persistTo, "bench-seed.sql");
  mkdirSync(persistTo, { recursive: true });
  writeFileSync(file, seedSql(count, await hashPassword(BENCH_ADMIN.password, pepper), Date.now()));
  await runWrangler(["d1", "execute", "DB", "--local", "--persist-to", persistTo, "--file", file], { quiet: true });
  return { orgId: IDS.org, teamId: IDS.team };
}

/** Signs the bench's admin in through the served Worker and returns the access token. */
export async function signIn(origin) {
  const res = await fetch(`${origin}/api/v1/auth/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(BENCH_ADMIN) });
  const json = await res.json();
  if (!res.ok) throw new Error(`login answered ${res.status}: ${JSON.stringify(json)}`);
  return json.accessToken;
}
