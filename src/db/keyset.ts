import { sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Cursor } from "../http/pagination";

/**
 * Keyset pagination over `(column, id)`: stable under inserts because it resumes after the last
 * row served instead of skipping an offset. Values are bound raw (ms for instants).
 */
export function afterCursor(column: SQLiteColumn, id: SQLiteColumn, descending: boolean, cursor: Cursor | undefined): SQL | undefined {
  if (!cursor) return undefined;
  return descending
    ? sql`(${column} < ${cursor.value} OR (${column} = ${cursor.value} AND ${id} < ${cursor.id}))`
    : sql`(${column} > ${cursor.value} OR (${column} = ${cursor.value} AND ${id} > ${cursor.id}))`;
}

export function keysetOrder(column: SQLiteColumn, id: SQLiteColumn, descending: boolean): SQL[] {
  return descending ? [sql`${column} DESC`, sql`${id} DESC`] : [sql`${column} ASC`, sql`${id} ASC`];
}
