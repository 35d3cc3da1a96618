/** Quotes one value as an SQLite literal; arrays and objects are stored as JSON text, like drizzle's json mode. */
function literal(value) {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "number") return String(value);
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return `'${text.replaceAll("'", "''")}'`;
}

/** A row that already exists (same primary key or unique index) is left as it is, so a re-run changes nothing. */
function insertOrIgnore(table, row) {
  const columns = Object.keys(row);
  return `INSERT OR IGNORE INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => literal(row[c])).join(", ")});`;
}

/** An insert of `row` that happens only while `condition` holds: `INSERT ... SELECT <values> WHERE <condition>`. */
function insertWhere(table, row, condition, { orIgnore = false } = {}) {
  const columns = Object.keys(row);
  return `INSERT${orIgnore ? " OR IGNORE" : ""} INTO ${table} (${columns.join(", ")}) SELECT ${columns.map((c) => literal(row[c])).join(", ")} WHERE ${condition};`;
}

/**
 * Turns the demo data into SQL, parents before children for the foreign keys. `passwordHashes`
 * maps a user id to its hash; `now` (ms) stamps every row. `sla` is the Worker's own SLA code (see
 * seed.mjs), so calendars, policies and clocks are stored exactly as the API would store them.
 */
export function toSql(data, { passwordHashes, now, sla }) {
  const stamps = { created_at: now, updated_at: now };
  const org = data.organization;
  const governance = slaGovernance(data, now, sla);
  return [
    insertOrIgnore("organizations", { id: org.id, name: org.name, created_at: now }),
    ...data.users.map((user) =>
      insertOrIgnore("users", { id: user.id, org_id: org.id, email: user.email, name: user.name, role: user.role, password_hash: passwordHashes.get(user.id), ...stamps }),
    ),
    ...data.teams.map((team) => insertOrIgnore("teams", { id: team.id, org_id: org.id, name: team.name, key: team.key, auto_assign: team.autoAssign, ...stamps })),
    ...data.teams.flatMap((team) =>
      team.members.map((member) =>
        insertOrIgnore("team_members", { team_id: team.id, user_id: member.userId, skills: member.skills, available: member.available, created_at: now }),
      ),
    ),
    ...governance.statements,
    ...ticketsSql(data, now, sla, governance.governanceOf),
  ].join("\n");
}

/**
 * The demo calendars and default policies as rows, in the form the API stores them (a calendar
 * normalized by the calendar rules), their inserts, and `governanceOf(spec)`: what governs a
 * ticket, matched among those policies as the API would match it. A default policy goes in only
 * while its priority has none: an organization that already had defaults (from migration 0002)
 * keeps them, and the demo tickets' clocks are then left out (see ticketsSql).
 */
function slaGovernance(data, now, sla) {
  const orgId = data.organization.id;
  const calendars = new Map(
    (data.calendars ?? []).map(({ id, name, ...input }) => {
      const checked = sla.checkCalendar(input);
      if (!checked.ok) throw new Error(`Demo calendar ${id}: ${JSON.stringify(checked.issues)}`);
      return [id, { id, orgId, name, ...checked.calendar, createdAt: new Date(now), updatedAt: new Date(now) }];
    }),
  );
  const policies = (data.policies ?? []).map((policy) => ({
    category: null, customer: null, ...policy, orgId, createdAt: new Date(now), updatedAt: new Date(now),
  }));
  const statements = [
    ...[...calendars.values()].map((c) =>
      insertOrIgnore("sla_calendars", { id: c.id, org_id: orgId, name: c.name, timezone: c.timezone, hours: c.hours, holidays: c.holidays, created_at: now, updated_at: now }),
    ),
    ...policies.map((p) => {
      const scope = (column, value) => (value === null ? `${column} IS NULL` : `${column} = ${literal(value)}`);
      const taken = `SELECT 1 FROM sla_policies WHERE id = ${literal(p.id)} OR (org_id = ${literal(orgId)} AND priority = ${literal(p.priority)} AND ${scope("category", p.category)} AND ${scope("customer", p.customer)})`;
      const row = {
        id: p.id, org_id: orgId, name: p.name, priority: p.priority, category: p.category, customer: p.customer,
        response_minutes: p.responseMinutes, resolution_minutes: p.resolutionMinutes, calendar_id: p.calendarId, due_soon_minutes: p.dueSoonMinutes,
        created_at: now, updated_at: now,
      };
      return insertWhere("sla_policies", row, `NOT EXISTS (${taken})`);
    }),
  ];
  const candidates = policies.map((policy) => ({ policy, calendar: policy.calendarId ? calendars.get(policy.calendarId) : null }));
  const governanceOf = (spec) => sla.governanceAmong(candidates, { priority: spec.priority, category: spec.category ?? null, customer: spec.customer ?? null });
  return { statements, governanceOf };
}

/**
 * The latest instant at or before `end` from which `ms` business ms of `calendar` have passed by
 * `end` (`end - ms` on 24x7): a ticket filed then has exactly that much SLA time behind it.
 * `businessMsBetween` is the Worker's; it does not grow as the start moves later, so a binary
 * search over whole ms finds the instant.
 */
export function businessInstantBefore(businessMsBetween, calendar, end, ms) {
  if (calendar === null || ms <= 0) return end - Math.max(0, ms);
  let gap = ms;
  while (businessMsBetween(calendar, end - gap, end) < ms) {
    gap *= 2;
    if (gap > 20 * 366 * 24 * HOUR) throw new Error("The calendar never opens long enough.");
  }
  let [lo, hi] = [end - gap, end]; // f(lo) >= ms > f(hi)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (businessMsBetween(calendar, mid, end) >= ms) lo = mid;
    else hi = mid;
  }
  return lo;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const STAFF = new Set(["admin", "manager", "agent"]);

/**
 * One demo ticket as the rows the API would have written: the ticket, its comments, and its
 * history (created, assigned, the move to its status, each comment), all stamped relative to `now`.
 */
function ticketRows(data, spec, number, team, now, sla, governance) {
  const id = `demo-${team.key.toLowerCase()}-${number}`;
  // `hoursAgo` counts on the ticket's SLA calendar (wall hours on 24x7), see demo-data.mjs.
  const createdAt = businessInstantBefore(sla.businessMsBetween, governance?.calendar ?? null, now, Math.round(spec.hoursAgo * HOUR));
  // Never in the future, even for a spec whose offsets run past `now`.
  const at = (offset) => Math.min(createdAt + offset, now - MINUTE);
  const roles = new Map(data.users.map((user) => [user.id, user.role]));
  const comments = (spec.comments ?? []).map((comment, i) => ({ ...comment, id: `${id}-c${i + 1}`, at: at(comment.min * MINUTE) }));
  const doneAt = spec.doneHours === undefined ? undefined : at(spec.doneHours * HOUR);
  const closedAt = spec.status === "closed" ? at(spec.doneHours * HOUR + 2 * HOUR) : null;
  // One legal move from new to the status (a closed ticket is resolved first, then closed).
  const moves = { new: [], closed: [["new", "resolved", doneAt], ["resolved", "closed", closedAt]], resolved: [["new", "resolved", doneAt]] }[spec.status] ?? [
    ["new", spec.status, at((spec.movedMin ?? 30) * MINUTE)],
  ];
  // Response is met by the first public comment of staff or the move to in_progress (CONTRACT §4).
  const responses = comments.filter((comment) => comment.public && STAFF.has(roles.get(comment.author))).map((comment) => comment.at);
  if (spec.status === "in_progress") responses.push(moves[0][2]);
  const history = [
    { at: createdAt, actor: spec.requester, action: "created", to: { teamId: team.id, priority: spec.priority, title: spec.title } },
    ...(spec.assignee ? [{ at: at(5 * MINUTE), actor: "demo-manager", action: "assigned", from: { assigneeId: null }, to: { assigneeId: spec.assignee } }] : []),
    ...moves.map(([from, to, movedAt]) => ({ at: movedAt, actor: spec.assignee ?? "demo-manager", action: "status_changed", from: { status: from }, to: { status: to } })),
    ...comments.map((comment) => ({ at: comment.at, actor: comment.author, action: "comment_added", to: { commentId: comment.id, public: comment.public } })),
  ].sort((a, b) => a.at - b.at);
  const ticket = {
    id, org_id: data.organization.id, team_id: team.id, number, key: `${team.key}-${number}`,
    title: spec.title, description: spec.description, priority: spec.priority, category: spec.category, status: spec.status,
    assignee_id: spec.assignee, requester_id: spec.requester, customer: spec.customer ?? null, tags: spec.tags ?? [],
    // Each field change the API makes bumps the version; comments do not.
    version: 1 + history.filter((entry) => entry.action === "assigned" || entry.action === "status_changed").length,
    reopen_count: 0, escalation_level: 0, created_at: createdAt, updated_at: Math.max(...history.map((entry) => entry.at)),
    first_responded_at: responses.length > 0 ? Math.min(...responses) : null,
    resolved_at: doneAt ?? null,
    closed_at: closedAt,
  };
  const metrics = governance ? metricRows(sla, governance, ticket, history, roles, now) : [];
  return { ticket, comments, history, metrics };
}

/**
 * The ticket's two SLA clocks as the API would have left them after its history: started at
 * creation, moved by each status change (`clocksAfterMove`: pending pauses, in_progress meets the
 * response, resolved and closed meet both), the response met by the first public comment of staff
 * (as a reply does), then stored with their schedules as of `now` (`clockRows`). Column names are
 * the table's, values ms.
 */
function metricRows(sla, governance, ticket, history, roles, now) {
  let clocks = sla.startClocks(governance, ticket.created_at);
  for (const entry of history) {
    if (entry.action === "status_changed") clocks = sla.clocksAfterMove(governance.calendar, clocks, entry.from.status, entry.to.status, entry.at);
    if (entry.action === "comment_added" && entry.to.public && STAFF.has(roles.get(entry.actor))) clocks = { ...clocks, response: sla.meetClock(clocks.response, entry.at) };
  }
  const rows = sla.clockRows({ id: ticket.id, orgId: ticket.org_id, teamId: ticket.team_id }, governance, clocks, now);
  return rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([key, value]) => [sla.metricColumns[key], value instanceof Date ? value.getTime() : value])),
  );
}

/**
 * The demo tickets, their comments, history and SLA clocks, and each team's key counter. A ticket
 * whose id or key is taken is left alone, and its comments and history are written only with a
 * ticket the seed itself just inserted (one that has no history yet), so a re-run adds nothing.
 * Its clocks likewise go in only with the ticket this run inserted (same `created_at`: they were
 * computed from this run's instants) and only under a demo policy that is in place.
 */
function ticketsSql(data, now, sla, governanceOf) {
  const counts = new Map();
  const statements = [];
  for (const spec of data.tickets ?? []) {
    const team = data.teams.find((candidate) => candidate.key === spec.team);
    const number = (counts.get(team.id) ?? 0) + 1;
    counts.set(team.id, number);
    const { ticket, comments, history, metrics } = ticketRows(data, spec, number, team, now, sla, governanceOf(spec));
    const exists = `EXISTS (SELECT 1 FROM tickets WHERE id = ${literal(ticket.id)})`;
    statements.push(insertOrIgnore("tickets", ticket));
    // History first, while the ticket has none: the seq order is then the order of the rows.
    const rows = history.map((entry) => `(${[ticket.id, entry.at, entry.actor, entry.action, entry.from ?? null, entry.to ?? null].map(literal).join(", ")})`);
    statements.push(
      `INSERT INTO ticket_history (ticket_id, at, actor_id, action, from_value, to_value) SELECT * FROM (VALUES ${rows.join(", ")}) ` +
        `WHERE ${exists} AND NOT EXISTS (SELECT 1 FROM ticket_history WHERE ticket_id = ${literal(ticket.id)});`,
    );
    for (const comment of comments) {
      const values = [comment.id, ticket.id, comment.author, comment.body, comment.public, comment.at].map(literal).join(", ");
      statements.push(`INSERT OR IGNORE INTO comments (id, ticket_id, author_id, body, public, created_at) SELECT ${values} WHERE ${exists};`);
    }
    for (const metric of metrics) {
      const inserted = `EXISTS (SELECT 1 FROM tickets WHERE id = ${literal(ticket.id)} AND created_at = ${literal(ticket.created_at)})`;
      const governed = `EXISTS (SELECT 1 FROM sla_policies WHERE id = ${literal(metric.policy_id)} AND org_id = ${literal(ticket.org_id)})`;
      statements.push(insertWhere("sla_metrics", metric, `${inserted} AND ${governed}`, { orIgnore: true }));
    }
  }
  // Only upward, so tickets filed through the API keep their keys and the next one gets a fresh one.
  for (const [teamId, highest] of counts) {
    statements.push(`UPDATE teams SET last_ticket_number = max(last_ticket_number, ${highest}) WHERE id = ${literal(teamId)};`);
  }
  return statements;
}
