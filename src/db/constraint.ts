/**
 * True when `err` (or an error it wraps: drizzle wraps D1's) is SQLite refusing a duplicate in
 * `table.column`. A pre-check cannot close the race between two writers; the index can.
 */
export function isUniqueViolation(err: unknown, tableColumn: string): boolean {
  for (let current: unknown = err; current instanceof Error; current = current.cause) {
    if (current.message.includes(`UNIQUE constraint failed: ${tableColumn}`)) return true;
  }
  return false;
}

/** True when `err` (or an error it wraps) is SQLite refusing a write that would orphan a referencing row. */
export function isForeignKeyViolation(err: unknown): boolean {
  for (let current: unknown = err; current instanceof Error; current = current.cause) {
    if (current.message.includes("FOREIGN KEY constraint failed")) return true;
  }
  return false;
}
