/**
 * The reports bench's data: one organization (its manager signs in) with TEAMS teams of AGENTS
 * agents each and `count` tickets created evenly over the last 90 days, every one with both SLA
 * clocks on the 24x7 calendar. 70 % are resolved; the rest are open, in progress or pending.
 * Responses take 1–90 minutes against a 60-minute target, resolutions 10–609 against 480, so
 * about a third of responses and a fifth of resolutions breach, each with its `sla_events` row as
 * the risk pass records it; open tickets past their target are breached too.
 *
 * Written with `wrangler d1 execute --file` before the Worker starts (see bench/lib/seed.mjs);
 * set-based recursive-CTE inserts.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { tsImport } from "tsx/esm/api";
import { runWrangler } from "../../scripts/lib/wrangler.mjs";
import { migrateFresh } from "./server.mjs";

const { hashPassword } = await tsImport("../../src/auth/password.ts", import.meta.url);

export const REPORT_MANAGER = { email: "report-manager@bench.test", password: "bench-password-1" };
export const ORG = "rpt-org";
const TEAMS = 10;
const AGENTS = 5;
const MINUTE = 60_000;
const SPAN = 90 * 24 * 60 * MINUTE;

function seedSql(count, passwordHash, now) {
  const step = Math.floor(SPAN / count);
  const resolved = `(t.number % 10 < 7)`;
  return `
INSERT INTO organizations (id, name, timezone, created_at) VALUES ('${ORG}', 'Reports Bench Co', 'Europe/Berlin', ${now - SPAN});
INSERT INTO users (id, org_id, email, name, role, password_hash, created_at, updated_at)
VALUES ('rpt-manager', '${ORG}', '${REPORT_MANAGER.email}', 'Report Manager', 'manager', '${passwordHash}', ${now}, ${now});
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${TEAMS})
INSERT INTO teams (id, org_id, name, key, last_ticket_number, created_at, updated_at)
SELECT 'rpt-team-' || i, '${ORG}', 'Team ' || i, 'R' || char(64 + i), 0, ${now}, ${now} FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${TEAMS * AGENTS})
INSERT INTO users (id, org_id, email, name, role, password_hash, created_at, updated_at)
SELECT 'rpt-agent-' || i, '${ORG}', 'agent-' || i || '@rpt.bench.test', 'Agent ' || i, 'agent', 'x', ${now}, ${now} FROM n;
INSERT INTO team_members (team_id, user_id, created_at)
SELECT 'rpt-team-' || (1 + (CAST(substr(id, 11) AS INTEGER) - 1) / ${AGENTS}), id, ${now} FROM users WHERE id LIKE 'rpt-agent-%';
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count})
INSERT INTO tickets (id, org_id, team_id, number, key, title, priority, status, assignee_id, requester_id, created_at, updated_at, resolved_at)
SELECT 'rpt-' || i, '${ORG}', 'rpt-team-' || (1 + (i / 10) % ${TEAMS}), i, 'RPT-' || i, 'Seeded ticket ' || i, 'P' || (1 + i % 4),
       CASE WHEN i % 10 < 7 THEN 'resolved' WHEN i % 10 = 7 THEN 'in_progress' WHEN i % 10 = 8 THEN 'pending' ELSE 'open' END,
       'rpt-agent-' || (1 + ((i / 10) % ${TEAMS}) * ${AGENTS} + (i / 100) % ${AGENTS}), 'rpt-manager',
       ${now} - i * ${step}, ${now} - i * ${step},
       CASE WHEN i % 10 < 7 THEN ${now} - i * ${step} + (10 + i % 600) * ${MINUTE} END
FROM n;
UPDATE teams SET last_ticket_number = (SELECT max(number) FROM tickets WHERE team_id = teams.id) WHERE org_id = '${ORG}';
INSERT INTO sla_metrics (ticket_id, metric, org_id, team_id, target_minutes, due_soon_minutes, started_at, met_at, met_elapsed_ms,
                         due_at, warning_at, high_risk_at, due_soon_at, breached_at)
SELECT id, metric, org_id, team_id, target, 60, created_at, met, met - created_at,
       created_at + target * ${MINUTE}, created_at + target * ${MINUTE / 2}, created_at + target * ${(MINUTE * 3) / 4},
       created_at + (target - 60) * ${MINUTE}, created_at + target * ${MINUTE}
FROM (
  SELECT t.id, t.org_id, t.team_id, t.created_at, m.metric, CASE m.metric WHEN 'response' THEN 60 ELSE 480 END AS target,
         CASE WHEN m.metric = 'response' AND (${resolved} OR t.status = 'in_progress') THEN t.created_at + (1 + t.number % 90) * ${MINUTE}
              WHEN m.metric = 'resolution' AND ${resolved} THEN t.resolved_at END AS met
  FROM tickets t CROSS JOIN (SELECT 'response' AS metric UNION ALL SELECT 'resolution') m WHERE t.org_id = '${ORG}');
INSERT INTO sla_events (ticket_id, org_id, team_id, metric, band, at, recorded_at, pass_id)
SELECT ticket_id, org_id, team_id, metric, 'breached', breached_at, breached_at, 'bench' FROM sla_metrics
WHERE org_id = '${ORG}' AND breached_at <= ${now} AND (met_at IS NULL OR breached_at < met_at);
`;
}

/** A fresh local D1 at `persistTo` with every migration and the seed; the Worker must use `pepper`. */
export async function seedReportDatabase(persistTo, count, pepper, now) {
  await migrateFresh(persistTo);
  const file = path.join(persistTo, "report-seed.sql");
  mkdirSync(persistTo, { recursive: true });
  writeFileSync(file, seedSql(count, await hashPassword(REPORT_MANAGER.password, pepper), now));
  await runWrangler(["d1", "execute", "DB", "--local", "--persist-to", persistTo, "--file", file], { quiet: true });
}
