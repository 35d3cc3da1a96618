import { and, eq } from "drizzle-orm";
import type { Priority } from "../domain/ticket-fields";
import type { Database } from "./client";
import { slaCalendars, slaPolicies } from "./schema";

/**
 * The policies that may govern a ticket of `priority`, each with its calendar (none: 24x7); without
 * a priority, every policy of the organization (what re-timing many tickets at once needs).
 */
export function policiesWithCalendars(db: Database, orgId: string, priority?: Priority) {
  return db
    .select({ policy: slaPolicies, calendar: slaCalendars })
    .from(slaPolicies)
    .leftJoin(slaCalendars, eq(slaCalendars.id, slaPolicies.calendarId))
    .where(and(eq(slaPolicies.orgId, orgId), priority === undefined ? undefined : eq(slaPolicies.priority, priority)));
}
