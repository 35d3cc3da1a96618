// SQL text for the seed file. The seed runs through `wrangler d1 execute --file`, which binds no
// parameters, so values are written as literals (and D1's 100-parameter limit never applies).

/** Quotes one value as an SQLite literal; arrays and objects are stored as JSON text, like drizzle's json mode. */
export function literal(value) {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "number") return String(value);
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return `'${text.replaceAll("'", "''")}'`;
}

/** A row that already exists (same primary key or unique index) is left as it is, so a re-run changes nothing. */
export function insertOrIgnore(table, row) {
  const columns = Object.keys(row);
  return `INSERT OR IGNORE INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => literal(row[c])).join(", ")});`;
}

/** An insert of `row` that happens only while `condition` holds: `INSERT ... SELECT <values> WHERE <condition>`. */
export function insertWhere(table, row, condition, { orIgnore = false } = {}) {
  const columns = Object.keys(row);
  return `INSERT${orIgnore ? " OR IGNORE" : ""} INTO ${table} (${columns.join(", ")}) SELECT ${columns.map((c) => literal(row[c])).join(", ")} WHERE ${condition};`;
}

/** `(v1, v2, …)`: one row of a multi-row VALUES list. */
export const valuesRow = (values) => `(${values.map(literal).join(", ")})`;
