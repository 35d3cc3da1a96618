import { and, eq, exists, isNotNull, isNull, ne, or } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { DEFAULT_DUE_SOON_MINUTES, DEFAULT_TARGETS } from "../domain/policy-match";
import { PRIORITIES, type Priority } from "../domain/ticket-fields";
import type { PageRequest } from "../http/pagination";
import type { Database } from "./client";
import { afterCursor, keysetOrder } from "./keyset";
import { slaPolicies } from "./schema";

export type PolicyRow = typeof slaPolicies.$inferSelect;
export type NewPolicy = typeof slaPolicies.$inferInsert;
export type PolicyFields = Omit<NewPolicy, "id" | "orgId" | "createdAt">;
export type PolicySortField = "priority" | "name" | "createdAt";

const SORT_COLUMNS = { priority: slaPolicies.priority, name: slaPolicies.name, createdAt: slaPolicies.createdAt } as const;

/** A policy of `orgId`, or undefined: another organization's id reads as missing. */
export function findPolicyInOrg(db: Database, orgId: string, id: string) {
  return db.query.slaPolicies.findFirst({ where: and(eq(slaPolicies.orgId, orgId), eq(slaPolicies.id, id)) });
}

export function insertPolicy(db: Database, values: NewPolicy) {
  return db.insert(slaPolicies).values(values).returning();
}

/** The insert of the four default policies of contract §4, for the batch that creates an organization. */
export function insertDefaultPolicies(db: Database, orgId: string, now: Date) {
  return db.insert(slaPolicies).values(
    PRIORITIES.map((priority) => ({
      id: crypto.randomUUID(),
      orgId,
      name: `Default ${priority}`,
      priority,
      ...DEFAULT_TARGETS[priority],
      dueSoonMinutes: DEFAULT_DUE_SOON_MINUTES,
      createdAt: now,
      updatedAt: now,
    })),
  );
}

const other = alias(slaPolicies, "other");

/**
 * True for a row that is not the last default policy of its priority: it narrows by category or
 * customer, or another default of the same priority stands. Written into the update or delete
 * itself, so two concurrent writes can never both remove a priority's last default.
 */
function notLastDefault(db: Database, orgId: string) {
  const anotherDefault = db
    .select({ id: other.id })
    .from(other)
    .where(and(eq(other.orgId, orgId), eq(other.priority, slaPolicies.priority), isNull(other.category), isNull(other.customer), ne(other.id, slaPolicies.id)));
  return or(isNotNull(slaPolicies.category), isNotNull(slaPolicies.customer), exists(anotherDefault));
}

/**
 * Replaces the fields of one policy of `orgId`, unless that would leave its priority without a
 * default policy; returns nothing when there is no such policy or the write was refused.
 * `staysDefaultOf` is the priority the policy will be a default of afterwards, if any: a default
 * that stays one of its own priority needs no other.
 */
export function updatePolicyKeepingDefaults(db: Database, orgId: string, id: string, values: Partial<PolicyFields>, staysDefaultOf: Priority | null) {
  const allowed = staysDefaultOf === null ? notLastDefault(db, orgId) : or(eq(slaPolicies.priority, staysDefaultOf), notLastDefault(db, orgId));
  return db
    .update(slaPolicies)
    .set(values)
    .where(and(eq(slaPolicies.orgId, orgId), eq(slaPolicies.id, id), allowed))
    .returning();
}

/** Deletes one policy of `orgId` unless it is its priority's last default; returns the deleted id, if any. */
export function deletePolicyKeepingDefaults(db: Database, orgId: string, id: string) {
  return db
    .delete(slaPolicies)
    .where(and(eq(slaPolicies.orgId, orgId), eq(slaPolicies.id, id), notLastDefault(db, orgId)))
    .returning({ id: slaPolicies.id });
}

/** One keyset page (`limit + 1` rows) of an organization's policies, optionally of one priority. */
export function listPolicies(db: Database, orgId: string, page: PageRequest<PolicySortField>, priority?: Priority) {
  const column = SORT_COLUMNS[page.field];
  return db
    .select()
    .from(slaPolicies)
    .where(
      and(
        eq(slaPolicies.orgId, orgId),
        priority === undefined ? undefined : eq(slaPolicies.priority, priority),
        afterCursor(column, slaPolicies.id, page.descending, page.cursor),
      ),
    )
    .orderBy(...keysetOrder(column, slaPolicies.id, page.descending))
    .limit(page.limit + 1);
}

/** The value a policy row sorts by, as a cursor stores it (instants as ms). */
export function policySortValue(row: PolicyRow, field: PolicySortField): string | number {
  return field === "createdAt" ? row.createdAt.getTime() : row[field];
}

/** The default policies of an organization (no category, no customer), of one priority or all. */
export function defaultPolicies(db: Database, orgId: string, priority?: Priority) {
  return db
    .select()
    .from(slaPolicies)
    .where(
      and(
        eq(slaPolicies.orgId, orgId),
        isNull(slaPolicies.category),
        isNull(slaPolicies.customer),
        priority === undefined ? undefined : eq(slaPolicies.priority, priority),
      ),
    );
}

/** The ids of the organization's policies that count time on calendar `calendarId`, oldest first. */
export async function policyIdsUsingCalendar(db: Database, orgId: string, calendarId: string): Promise<string[]> {
  const rows = await db
    .select({ id: slaPolicies.id })
    .from(slaPolicies)
    .where(and(eq(slaPolicies.orgId, orgId), eq(slaPolicies.calendarId, calendarId)))
    .orderBy(slaPolicies.createdAt, slaPolicies.id);
  return rows.map((row) => row.id);
}
