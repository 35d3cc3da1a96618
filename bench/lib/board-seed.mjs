/**
 * The board bench's data: one organization with a manager (who signs in through the form), three
 * agents, the four 24x7 SLA policies, and one team of `count` active tickets (new, open,
 * in progress), each with both SLA clocks as the API would have stored them — the rows come from
 * the Worker's own `clockRows` — so every card has its band and countdown. The clocks started at
 * spread instants: the board shows every band, the crossings already passed are recorded (as the
 * risk pass would have), and no clock crosses a band within the next QUIET_MINUTES, so no SLA event
 * disturbs the measurement.
 *
 * Written with `wrangler d1 execute --file` on a fresh persisted state before the Worker starts
 * (as bench/lib/seed.mjs does).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { tsImport } from "tsx/esm/api";
import { runWrangler } from "../../scripts/lib/wrangler.mjs";

const { hashPassword } = await tsImport("../../src/auth/password.ts", import.meta.url);
const { getTableColumns } = await import("drizzle-orm");
const { slaMetrics } = await tsImport("../../src/db/schema.ts", import.meta.url);
const { clockRows } = await tsImport("../../src/services/sla-clocks.ts", import.meta.url);
const { startClocks } = await tsImport("../../src/domain/sla-lifecycle.ts", import.meta.url);

export const BOARD_MANAGER = { email: "board-manager@bench.test", password: "bench-password-1" };
export const BOARD_TEAM = { id: "board-team", name: "Board Bench", key: "BOARD" };
const ORG = "board-org";
const MANAGER = "board-manager";
const AGENTS = ["board-agent-1", "board-agent-2", "board-agent-3"];
const STATUSES = ["new", "open", "in_progress"];
const POLICIES = {
  P1: { responseMinutes: 30, resolutionMinutes: 8 * 60 },
  P2: { responseMinutes: 60, resolutionMinutes: 16 * 60 },
  P3: { responseMinutes: 4 * 60, resolutionMinutes: 48 * 60 },
  P4: { responseMinutes: 8 * 60, resolutionMinutes: 120 * 60 },
};
const DUE_SOON_MINUTES = 60;
const QUIET_MINUTES = 20;
const MINUTE = 60_000;

const quote = (value) => `'${String(value).replaceAll("'", "''")}'`;
const literal = (value) => (value === null || value === undefined ? "NULL" : value instanceof Date ? String(value.getTime()) : typeof value === "number" ? String(value) : quote(value));
const metricColumns = Object.fromEntries(Object.entries(getTableColumns(slaMetrics)).map(([key, column]) => [key, column.name]));

/** Multi-row INSERTs of `rows` (objects with the same keys, named by column), `chunk` rows each. */
function inserts(table, columns, rows, chunk = 200) {
  const statements = [];
  for (let i = 0; i < rows.length; i += chunk) {
    const values = rows.slice(i, i + chunk).map((row) => `(${columns.map((column) => literal(row[column])).join(", ")})`);
    statements.push(`INSERT INTO ${table} (${columns.join(", ")}) VALUES\n${values.join(",\n")};`);
  }
  return statements.join("\n");
}

const governanceOf = (priority) => ({ policyId: `board-policy-${priority}`, calendarId: null, calendar: null, dueSoonMinutes: DUE_SOON_MINUTES, ...POLICIES[priority] });

const BANDS = [
  ["warning", "warningAt"],
  ["high_risk", "highRiskAt"],
  ["due_soon", "dueSoonAt"],
  ["breached", "breachedAt"],
];

/**
 * The clock rows as the risk pass leaves them after its run at `now` (as scripts/seed/crossings.mjs
 * settles the demo's): every band instant passed before the clock stopped is recorded once in
 * sla_events, and the next crossing is the first instant still ahead (none once stopped). Without
 * those rows the first pass would raise every past crossing of the board at once.
 */
function settle(metrics, now) {
  const events = [];
  for (const row of metrics) {
    const stoppedAt = Math.min(row.metAt?.getTime() ?? Infinity, row.pausedSince?.getTime() ?? Infinity);
    const instants = BANDS.map(([band, key]) => [band, row[key]?.getTime() ?? null]);
    for (const [band, at] of instants) {
      if (at !== null && at <= now && at < stoppedAt) events.push({ ticket_id: row.ticketId, org_id: ORG, team_id: BOARD_TEAM.id, metric: row.metric, band, at, recorded_at: at, pass_id: "board-seed" });
    }
    const ahead = instants.map(([, at]) => at).filter((at) => at !== null && at > now);
    row.nextCrossingAt = stoppedAt !== Infinity || ahead.length === 0 ? null : new Date(Math.min(...ahead));
  }
  return events;
}

/**
 * One ticket's row, its two clock rows and the crossings already recorded: started at a point
 * spread over 0–110 % of its resolution target (so safe to breached), moved back a little until no
 * crossing of either clock falls within QUIET_MINUTES of `now`. In-progress tickets had their
 * response five minutes in.
 */
function ticketRows(i, now) {
  const priority = `P${1 + (i % 4)}`;
  const status = STATUSES[i % STATUSES.length];
  const governance = governanceOf(priority);
  const id = `board-ticket-${i}`;
  let startedAt = now - Math.round((((i * 37) % 100) / 100) * 1.1 * governance.resolutionMinutes * MINUTE);
  for (let attempt = 0; ; attempt += 1) {
    const clocks = startClocks(governance, startedAt);
    if (status === "in_progress") clocks.response = { ...clocks.response, metAt: startedAt + 5 * MINUTE };
    const metrics = clockRows({ id, orgId: ORG, teamId: BOARD_TEAM.id }, governance, clocks, now);
    const events = settle(metrics, now);
    const quiet = metrics.every((row) => row.nextCrossingAt === null || row.nextCrossingAt.getTime() > now + QUIET_MINUTES * MINUTE);
    if (quiet || attempt > 20) {
      const ticket = {
        id,
        org_id: ORG,
        team_id: BOARD_TEAM.id,
        number: i,
        key: `${BOARD_TEAM.key}-${i}`,
        title: `Seeded ticket ${i}`,
        description: "Something is broken and needs a look.",
        priority,
        status,
        assignee_id: status === "new" ? null : AGENTS[i % AGENTS.length],
        requester_id: MANAGER,
        first_responded_at: status === "in_progress" ? startedAt + 5 * MINUTE : null,
        created_at: startedAt,
        updated_at: startedAt,
      };
      const slaRows = metrics.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [metricColumns[key], value])));
      return { ticket, slaRows, events };
    }
    startedAt -= QUIET_MINUTES * MINUTE;
  }
}

function seedSql(count, passwordHash, now) {
  const people = [
    { id: MANAGER, email: BOARD_MANAGER.email, name: "Board Manager", role: "manager", password_hash: passwordHash },
    ...AGENTS.map((id, n) => ({ id, email: `${id}@bench.test`, name: `Agent ${n + 1}`, role: "agent", password_hash: "x" })),
  ].map((user) => ({ ...user, org_id: ORG, created_at: now, updated_at: now }));
  const policies = Object.entries(POLICIES).map(([priority, targets]) => ({
    id: `board-policy-${priority}`,
    org_id: ORG,
    name: `Bench ${priority}`,
    priority,
    response_minutes: targets.responseMinutes,
    resolution_minutes: targets.resolutionMinutes,
    calendar_id: null,
    due_soon_minutes: DUE_SOON_MINUTES,
    created_at: now,
    updated_at: now,
  }));
  const rows = Array.from({ length: count }, (_, n) => ticketRows(n + 1, now));
  const tickets = rows.map((row) => row.ticket);
  const clocks = rows.flatMap((row) => row.slaRows);
  const events = rows.flatMap((row) => row.events);
  const history = tickets.map((ticket) => ({ ticket_id: ticket.id, at: ticket.created_at, actor_id: MANAGER, action: "created", to_value: "{}" }));
  return [
    `INSERT INTO organizations (id, name, created_at) VALUES (${quote(ORG)}, 'Board Bench Co', ${now});`,
    inserts("users", Object.keys(people[0]), people),
    `INSERT INTO teams (id, org_id, name, key, last_ticket_number, created_at, updated_at) VALUES (${quote(BOARD_TEAM.id)}, ${quote(ORG)}, ${quote(BOARD_TEAM.name)}, ${quote(BOARD_TEAM.key)}, ${count}, ${now}, ${now});`,
    inserts("team_members", ["team_id", "user_id", "created_at"], AGENTS.map((id) => ({ team_id: BOARD_TEAM.id, user_id: id, created_at: now }))),
    inserts("sla_policies", Object.keys(policies[0]), policies),
    inserts("tickets", Object.keys(tickets[0]), tickets),
    inserts("sla_metrics", Object.keys(clocks[0]), clocks),
    inserts("ticket_history", Object.keys(history[0]), history),
    events.length > 0 ? inserts("sla_events", Object.keys(events[0]), events) : "",
  ].join("\n");
}

/** A fresh local D1 at `persistTo` with every migration and the bench's data; the Worker must use `pepper`. */
export async function seedBoard(persistTo, count, pepper) {
  rmSync(persistTo, { recursive: true, force: true });
  mkdirSync(persistTo, { recursive: true });
  await runWrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], { quiet: true });
  const file = path.join(persistTo, "board-seed.sql");
  writeFileSync(file, seedSql(count, await hashPassword(BOARD_MANAGER.password, pepper), Date.now()));
  await runWrangler(["d1", "execute", "DB", "--local", "--persist-to", persistTo, "--file", file], { quiet: true });
}
