import { and, eq, exists, type SQL } from "drizzle-orm";
import type { Database } from "./client";
import { organizations } from "./schema";

/** The insert statement for an organization, for use inside the batch that creates its first user. */
export function insertOrganization(db: Database, values: typeof organizations.$inferInsert) {
  return db.insert(organizations).values(values);
}

/** The organization's IANA zone: what a day is in its reports. */
export async function timezoneOf(db: Database, orgId: string): Promise<string> {
  const [row] = await db.select({ timezone: organizations.timezone }).from(organizations).where(eq(organizations.id, orgId));
  return row?.timezone ?? "UTC";
}

/** The organization's configuration token (see the schema), for a read batch to take beside the rows it stands for. */
export function configVersionQuery(db: Database, orgId: string) {
  return db.select({ version: organizations.configVersion }).from(organizations).where(eq(organizations.id, orgId));
}

/** A condition for a write's statements: true while the organization's configuration token is still `version`. */
export function configIsAt(db: Database, orgId: string, version: string): SQL {
  return exists(db.select({ id: organizations.id }).from(organizations).where(and(eq(organizations.id, orgId), eq(organizations.configVersion, version))));
}
