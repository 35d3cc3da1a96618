import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

// drizzle() walks the whole schema to build its relational config: once per binding, not per request.
const databases = new WeakMap<D1Database, ReturnType<typeof open>>();

const open = (d1: D1Database) => drizzle(d1, { schema });

export function createDb(d1: D1Database) {
  let db = databases.get(d1);
  if (!db) {
    db = open(d1);
    databases.set(d1, db);
  }
  return db;
}

export type Database = ReturnType<typeof createDb>;
