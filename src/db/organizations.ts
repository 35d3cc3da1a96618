import { eq } from "drizzle-orm";
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
