import { getTableColumns, is, SQL, sql } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";

/** A value bound as a parameter of a select list. */
export const bound = (value: unknown): SQL => sql`${value}`;

type SelectList<R> = { [K in keyof R]: R[K] extends SQL ? SQL.Aliased : R[K] };

/**
 * The select list of an `INSERT … SELECT`, in the order of the table's columns as drizzle requires.
 * Raw `sql` cannot go into a D1 batch through drizzle (drizzle-orm#2277), so conditional and
 * computed inserts are written as INSERT … SELECT with the query builder instead.
 */
export function inTableOrder<T extends SQLiteTable, R extends Record<keyof T["_"]["columns"], SQL | SQLiteColumn>>(table: T, row: R): SelectList<R> {
  const entries = Object.keys(getTableColumns(table)).map((name) => {
    const value = row[name as keyof R];
    return [name, is(value, SQL) ? value.as(name) : value];
  });
  return Object.fromEntries(entries) as SelectList<R>;
}
