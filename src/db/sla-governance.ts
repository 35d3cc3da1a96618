import { and, eq } from "drizzle-orm";
import type { Priority } from "../domain/ticket-fields";
import type { Database } from "./client";
import { slaCalendars, slaPolicies } from "./schema";

/** The policies that may govern a ticket of `priority`, each with its calendar (none: 24x7). */
export function policiesWithCalendars(db: Database, orgId: string, priority: Priority) {
  return db
    .select({ policy: slaPolicies, calendar: slaCalendars })
    .from(slaPolicies)
    .leftJoin(slaCalendars, eq(slaCalendars.id, slaPolicies.calendarId))
    .where(and(eq(slaPolicies.orgId, orgId), eq(slaPolicies.priority, priority)));
}


/** Every policy of an organization with its calendar: what re-timing many tickets at once needs. */
export function orgPoliciesWithCalendars(db: Database, orgId: string) {
  return db
    .select({ policy: slaPolicies, calendar: slaCalendars })
    .from(slaPolicies)
    .leftJoin(slaCalendars, eq(slaCalendars.id, slaPolicies.calendarId))
    .where(eq(slaPolicies.orgId, orgId));
}
