/**
 * What the sweep left in D1. Three checks: rejected requests and reads add or remove no object
 * (the per-request watch), each table grew at most by what the accepted writes may add (budgets
 * below), and the other tenant's rows are byte for byte what they were.
 */
import { env } from "cloudflare:workers";
import type { OperationReport } from "./sweep";

/** Every table of the schema but SQLite's, D1's and the full-text index's own. */
export async function listTables(): Promise<string[]> {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%' AND name NOT LIKE '%fts%' ORDER BY name",
  ).all<{ name: string }>();
  return results.map((row) => row.name);
}

export async function countRows(tables: string[]): Promise<Record<string, number>> {
  // One row of subqueries: D1 caps the terms of a compound (UNION) SELECT far below our table count.
  const sql = `SELECT ${tables.map((table) => `(SELECT count(*) FROM "${table}") AS "${table}"`).join(", ")}`;
  return (await env.DB.prepare(sql).first<Record<string, number>>()) ?? {};
}

/**
 * Tables written only by the creates named here, at most `perAnswer` rows per 2xx answer. The
 * per-request watch covers these: nothing else (notably no 4xx) may change their counts.
 */
const OBJECT_TABLES: Record<string, [RegExp, number][]> = {
  organizations: [[/^POST \/api\/v1\/auth\/register$/, 1]],
  users: [[/^POST \/api\/v1\/(auth\/register|users)$/, 1]],
  teams: [[/^POST \/api\/v1\/teams$/, 1]],
  team_members: [[/^PUT \/api\/v1\/teams\/\{id\}\/members\/\{userId\}$/, 1]],
  refresh_tokens: [[/^POST \/api\/v1\/auth\/(register|login|refresh)$/, 1]],
  password_resets: [[/^POST \/api\/v1\/auth\/forgot-password$/, 1]],
  tickets: [[/^POST \/api\/v1\/tickets$/, 1]],
  attachments: [[/^POST \/api\/v1\/tickets\/\{id\}\/attachments$/, 1]],
  sla_calendars: [[/^POST \/api\/v1\/calendars$/, 1]],
  sla_policies: [[/^POST \/api\/v1\/auth\/register$/, 4], [/^POST \/api\/v1\/sla\/policies$/, 1], [/^PUT \/api\/v1\/sla\/config\/\{priority\}$/, 1]],
  webhooks: [[/^POST \/api\/v1\/teams\/\{id\}\/webhooks$/, 1]],
  escalation_policies: [[/^PUT \/api\/v1\/teams\/\{id\}\/escalation-policy$/, 1]],
  automations: [[/^POST \/api\/v1\/automations$/, 1]],
  idempotency_keys: [[/^POST \/api\/v1\/(tickets|tickets\/\{id\}\/comments|automations)$/, 1]],
  notification_preferences: [[/^PUT \/api\/v1\/auth\/me\/notification-preferences$/, 9]],
  live_tickets: [[/^POST \/api\/v1\/teams\/\{teamId\}\/live\/ticket$/, 1]],
};

/**
 * Follow-ups of ticket changes (history, notifications, SLA rows, escalations, automation comments):
 * any accepted write may add some, so their budget is a generous multiple of the accepted writes.
 * They are left out of the per-request watch because team rooms' alarms may also write them.
 */
const FOLLOW_UP_TABLES = new Set(["ticket_history", "comments", "notifications", "deliveries", "sla_events", "sla_metrics", "escalations"]);
const FOLLOW_UPS_PER_WRITE = 60;

export const watchedTables = (tables: string[]) => tables.filter((table) => table in OBJECT_TABLES);

const successes = (report: OperationReport) => Object.entries(report.statuses).filter(([status]) => status.startsWith("2")).reduce((sum, [, n]) => sum + n, 0);

/** Tables that grew more than the accepted requests could make them, each as a sentence. */
export function overgrown(before: Record<string, number>, after: Record<string, number>, reports: OperationReport[]): string[] {
  const writes = reports.filter((r) => !r.operation.startsWith("GET ")).reduce((sum, r) => sum + successes(r), 0);
  return Object.keys(after).flatMap((table) => {
    const growth = after[table]! - (before[table] ?? 0);
    let budget = 0;
    if (FOLLOW_UP_TABLES.has(table)) budget = writes * FOLLOW_UPS_PER_WRITE;
    for (const [pattern, perAnswer] of OBJECT_TABLES[table] ?? []) {
      for (const report of reports) if (pattern.test(report.operation)) budget += successes(report) * perAnswer;
    }
    return growth > budget ? [`${table} grew by ${growth}, accepted requests allow ${budget}`] : [];
  });
}

/** The rows of one organization in every table: by org_id, or through its users, teams or tickets. */
export async function tenantRows(orgId: string, tables: string[]): Promise<Record<string, string>> {
  const rows: Record<string, string> = {};
  for (const table of tables) {
    const { results: columns } = await env.DB.prepare(`SELECT name FROM pragma_table_info('${table}')`).all<{ name: string }>();
    const has = (name: string) => columns.some((column) => column.name === name);
    const owner = table === "organizations" ? "id = ?1"
      : has("org_id") ? "org_id = ?1"
      : has("ticket_id") ? "ticket_id IN (SELECT id FROM tickets WHERE org_id = ?1)"
      : has("user_id") ? "user_id IN (SELECT id FROM users WHERE org_id = ?1)"
      : has("team_id") ? "team_id IN (SELECT id FROM teams WHERE org_id = ?1)"
      : undefined;
    if (!owner) continue;
    const { results } = await env.DB.prepare(`SELECT * FROM "${table}" WHERE ${owner} ORDER BY rowid`).bind(orgId).all();
    rows[table] = JSON.stringify(results);
  }
  return rows;
}

/** Every id-shaped value in the organization's rows: none may reach the other tenant's answers. */
export function idsIn(rows: Record<string, string>): Set<string> {
  return new Set(Object.values(rows).flatMap((text) => (text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi) ?? []).map((id) => id.toLowerCase())));
}
