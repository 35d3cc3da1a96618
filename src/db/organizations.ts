import type { Database } from "./client";
import { organizations } from "./schema";

/** The insert statement for an organization, for use inside the batch that creates its first user. */
export function insertOrganization(db: Database, values: typeof organizations.$inferInsert) {
  return db.insert(organizations).values(values);
}
