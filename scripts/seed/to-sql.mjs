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

/**
 * Turns the demo data into SQL, parents before children for the foreign keys. `passwordHashes`
 * maps a user id to its hash; `now` (ms) stamps every row.
 */
export function toSql(data, { passwordHashes, now }) {
  const stamps = { created_at: now, updated_at: now };
  const org = data.organization;
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
    ...ticketsSql(data, now),
  ].join("\n");
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const STAFF = new Set(["admin", "manager", "agent"]);

/**
 * One demo ticket as the rows the API would have written: the ticket, its comments, and its
 * history (created, assigned, the move to its status, each comment), all stamped relative to `now`.
 */
function ticketRows(data, spec, number, team, now) {
  const id = `demo-${team.key.toLowerCase()}-${number}`;
  const createdAt = now - Math.round(spec.hoursAgo * HOUR);
  // Never in the future, even for a spec whose offsets run past `now`.
  const at = (offset) => Math.min(createdAt + offset, now - MINUTE);
  const roles = new Map(data.users.map((user) => [user.id, user.role]));
  const comments = (spec.comments ?? []).map((comment, i) => ({ ...comment, id: `${id}-c${i + 1}`, at: at(comment.min * MINUTE) }));
  const doneAt = spec.doneHours === undefined ? undefined : at(spec.doneHours * HOUR);
  const closedAt = spec.status === "closed" ? at(spec.doneHours * HOUR + 2 * HOUR) : null;
  // One legal move from new to the status (a closed ticket is resolved first, then closed).
  const moves = { new: [], closed: [["new", "resolved", doneAt], ["resolved", "closed", closedAt]], resolved: [["new", "resolved", doneAt]] }[spec.status] ?? [["new", spec.status, at(30 * MINUTE)]];
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
  return { ticket, comments, history };
}

/**
 * The demo tickets, their comments and history, and each team's key counter. A ticket whose id or
 * key is taken is left alone, and its comments and history are written only with a ticket the
 * seed itself just inserted (one that has no history yet), so a re-run adds nothing.
 */
function ticketsSql(data, now) {
  const counts = new Map();
  const statements = [];
  for (const spec of data.tickets ?? []) {
    const team = data.teams.find((candidate) => candidate.key === spec.team);
    const number = (counts.get(team.id) ?? 0) + 1;
    counts.set(team.id, number);
    const { ticket, comments, history } = ticketRows(data, spec, number, team, now);
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
  }
  // Only upward, so tickets filed through the API keep their keys and the next one gets a fresh one.
  for (const [teamId, highest] of counts) {
    statements.push(`UPDATE teams SET last_ticket_number = max(last_ticket_number, ${highest}) WHERE id = ${literal(teamId)};`);
  }
  return statements;
}
