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
  ].join("\n");
}
