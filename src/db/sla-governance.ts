import { and, eq, inArray } from "drizzle-orm";
import type { Priority } from "../domain/ticket-fields";
import type { Database } from "./client";
import { slaCalendars, slaPolicies } from "./schema";

const policiesOf = (orgId: string, priority?: Priority) =>
  and(eq(slaPolicies.orgId, orgId), priority === undefined ? undefined : eq(slaPolicies.priority, priority));

/**
 * The policies that may govern a ticket of `priority`, each with its calendar (none: 24x7); without
 * a priority, every policy of the organization (what re-timing many tickets at once needs).
 */
export function policiesWithCalendars(db: Database, orgId: string, priority?: Priority) {
  return db
    .select({ policy: slaPolicies, calendar: slaCalendars })
    .from(slaPolicies)
    .leftJoin(slaCalendars, eq(slaCalendars.id, slaPolicies.calendarId))
    .where(policiesOf(orgId, priority));
}

export type PolicyWithCalendar = Awaited<ReturnType<typeof policiesWithCalendars>>[number];

/**
 * What policiesWithCalendars reads for one priority, as two queries a caller may put in a D1 batch
 * beside its other reads (`pairWithCalendars` joins their rows): in a batch D1 answers rows as
 * objects, so the join's columns that share a name (`id`, `org_id`, `name`, …) would overwrite
 * each other.
 */
export function policiesAndCalendarsQueries(db: Database, orgId: string, priority: Priority) {
  const calendarIds = db.select({ id: slaPolicies.calendarId }).from(slaPolicies).where(policiesOf(orgId, priority));
  return [db.select().from(slaPolicies).where(policiesOf(orgId, priority)), db.select().from(slaCalendars).where(inArray(slaCalendars.id, calendarIds))] as const;
}

/** Each of `policies` with its calendar among `calendars` (none: null), as policiesWithCalendars answers. */
export function pairWithCalendars(policies: (typeof slaPolicies.$inferSelect)[], calendars: (typeof slaCalendars.$inferSelect)[]): PolicyWithCalendar[] {
  const byId = new Map(calendars.map((calendar) => [calendar.id, calendar]));
  return policies.map((policy) => ({ policy, calendar: (policy.calendarId && byId.get(policy.calendarId)) || null }));
}
