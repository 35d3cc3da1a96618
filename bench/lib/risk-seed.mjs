/**
 * The risk-pass bench's data: one organization with TEAMS teams (a manager, an agent and a webhook
 * taking every event in each, so that each event writes an in-app notification, an email and a
 * webhook delivery)
 * and `count` open tickets, each with a response and a resolution clock whose crossings all lie
 * after the bench's clock T — except that, for each k in 1..CROSSING_SLOTS, 1 % of the tickets
 * (ticket number ≡ k mod 100) have their resolution warning half a minute before T + k minutes.
 * The pass at T is therefore quiet, and the pass at T + k minutes finds exactly 1 % of the
 * tickets crossing: the clock is a parameter, so moving it is the same as moving those instants
 * into the past, and each slot gives a fresh 1 % sample on the same database.
 *
 * Written with `wrangler d1 execute --file` on the persisted state before Miniflare starts (its
 * Node-side D1 proxy can fail under load, see bench/lib/seed.mjs); set-based recursive-CTE inserts.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runWrangler } from "../../scripts/lib/wrangler.mjs";
import { migrateFresh } from "./server.mjs";

export const T = Date.UTC(2030, 0, 7, 9, 0);
export const CROSSING_SLOTS = 5;
const TEAMS = 10;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function seedSql(count) {
  const slot = `(t.number % 100)`;
  const crosses = `(t.number % 100 BETWEEN 1 AND ${CROSSING_SLOTS})`;
  // Resolution: the crossing slot's tickets warn at T + k min - 30 s; the rest a day or more later.
  const warning = `CASE WHEN m.metric = 'resolution' AND ${crosses} THEN ${T} + ${slot} * ${MINUTE} - 30000 ELSE ${T + DAY} + t.number * 1000 END`;
  return `
INSERT INTO organizations (id, name, created_at) VALUES ('risk-org', 'Risk Bench Co', ${T});
INSERT INTO users (id, org_id, email, name, role, password_hash, created_at, updated_at)
VALUES ('risk-admin', 'risk-org', 'risk-admin@bench.test', 'Admin', 'admin', 'x', ${T}, ${T});
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${TEAMS})
INSERT INTO teams (id, org_id, name, key, last_ticket_number, created_at, updated_at)
SELECT 'risk-team-' || i, 'risk-org', 'Team ' || i, 'T' || char(64 + i) || 'X', 0, ${T}, ${T} FROM n;
INSERT INTO users (id, org_id, email, name, role, password_hash, created_at, updated_at)
SELECT 'risk-' || r.role || '-' || t.id, 'risk-org', r.role || '-' || t.id || '@bench.test', r.role, r.role, 'x', ${T}, ${T}
FROM teams t CROSS JOIN (SELECT 'manager' AS role UNION ALL SELECT 'agent') r WHERE t.org_id = 'risk-org';
INSERT INTO team_members (team_id, user_id, created_at)
SELECT t.id, u.id, ${T} FROM teams t JOIN users u ON u.id IN ('risk-manager-' || t.id, 'risk-agent-' || t.id);
INSERT INTO webhooks (id, org_id, team_id, url, events, secret, created_at, updated_at)
SELECT 'risk-hook-' || t.id, 'risk-org', t.id, 'https://hooks.example.com/' || t.id, '["*"]', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', ${T}, ${T}
FROM teams t WHERE t.org_id = 'risk-org';
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count})
INSERT INTO tickets (id, org_id, team_id, number, key, title, priority, status, requester_id, created_at, updated_at)
SELECT 'risk-ticket-' || i, 'risk-org', 'risk-team-' || (1 + i % ${TEAMS}), i, 'RISK-' || i, 'Seeded ticket ' || i, 'P3', 'open',
       'risk-admin', ${T - DAY}, ${T - DAY}
FROM n;
INSERT INTO sla_metrics (ticket_id, metric, org_id, team_id, target_minutes, due_soon_minutes, started_at, due_at,
                         warning_at, high_risk_at, due_soon_at, breached_at, next_crossing_at)
SELECT id, metric, org_id, team_id, 1440, 60, ${T - DAY}, w + ${2 * DAY}, w, w + ${DAY}, w + ${2 * DAY - 60 * MINUTE}, w + ${2 * DAY}, w
FROM (SELECT t.id, m.metric, t.org_id, t.team_id, ${warning} AS w
      FROM tickets t CROSS JOIN (SELECT 'response' AS metric UNION ALL SELECT 'resolution') m);
`;
}

export async function seedRiskDatabase(persistTo, count) {
  await migrateFresh(persistTo);
  const file = path.join(persistTo, "risk-seed.sql");
  mkdirSync(persistTo, { recursive: true });
  writeFileSync(file, seedSql(count));
  await runWrangler(["d1", "execute", "DB", "--local", "--persist-to", persistTo, "--file", file], { quiet: true });
}
