import { and, eq, exists, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { LockoutState } from "../domain/lockout";
import type { Role } from "../domain/roles";
import type { Cursor } from "../http/pagination";
import type { Database } from "./client";
import { afterCursor, keysetOrder } from "./keyset";
import { organizations, users } from "./schema";

export type UserRow = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type UserSortField = "createdAt" | "name" | "email";

const SORT_COLUMNS = { createdAt: users.createdAt, name: users.name, email: users.email } as const;

/** Emails are compared and stored lower-cased: sign-in is case-insensitive. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function findUserByEmail(db: Database, email: string) {
  return db.query.users.findFirst({ where: eq(users.email, normalizeEmail(email)) });
}

/** A user of `orgId`, or undefined: another organization's id reads as missing. */
export function findUserInOrg(db: Database, orgId: string, id: string) {
  return db.query.users.findFirst({ where: and(eq(users.orgId, orgId), eq(users.id, id)) });
}

/** The insert statement for a user, for use inside a batch. */
export function insertUser(db: Database, values: NewUser) {
  return db.insert(users).values({ ...values, email: normalizeEmail(values.email) }).returning();
}

/** A partial update of one user of `orgId`, for use alone or inside a batch. */
export function updateUser(db: Database, orgId: string, id: string, patch: Partial<Omit<NewUser, "id" | "orgId">>) {
  const values = patch.email ? { ...patch, email: normalizeEmail(patch.email) } : patch;
  return db.update(users).set(values).where(and(eq(users.orgId, orgId), eq(users.id, id))).returning();
}

export type UserListFilter = { role?: Role; active?: boolean };

/** One keyset page (`limit + 1` rows) of an organization's users. */
export function listUsers(
  db: Database,
  orgId: string,
  filter: UserListFilter,
  page: { field: UserSortField; descending: boolean; cursor?: Cursor; limit: number },
) {
  const column = SORT_COLUMNS[page.field];
  return db
    .select()
    .from(users)
    .where(
      and(
        eq(users.orgId, orgId),
        filter.role ? eq(users.role, filter.role) : undefined,
        filter.active === undefined ? undefined : eq(users.active, filter.active),
        afterCursor(column, users.id, page.descending, page.cursor),
      ),
    )
    .orderBy(...keysetOrder(column, users.id, page.descending))
    .limit(page.limit + 1);
}

/** The value a user row sorts by, as a cursor stores it (instants as ms). */
export function userSortValue(row: UserRow, field: UserSortField): string | number {
  return field === "createdAt" ? row.createdAt.getTime() : row[field];
}

export async function countActiveAdmins(db: Database, orgId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.role, "admin"), eq(users.active, true)));
  return row?.n ?? 0;
}

/**
 * Moves a user's lockout counters from `expected` to `next` only if no concurrent sign-in moved
 * them first (compare-and-set), so parallel guesses cannot overwrite each other's failures.
 * Returns the updated id, or nothing when the state had changed.
 */
export function compareAndSetLockout(db: Database, id: string, expected: LockoutState, next: LockoutState) {
  return db
    .update(users)
    .set(next)
    .where(
      and(
        eq(users.id, id),
        eq(users.failedLogins, expected.failedLogins),
        sql`${users.lockedUntil} IS ${expected.lockedUntil?.getTime() ?? null}`,
      ),
    )
    .returning({ id: users.id });
}

/** A user by id alone, for flows that start from a token rather than a caller's organization. */
export function findUserById(db: Database, id: string) {
  return db.query.users.findFirst({ where: eq(users.id, id) });
}

/**
 * `updateUser` for a change that takes away an admin (a demotion or a deactivation): it writes
 * only while another active admin of the organization remains, so two admins demoting each other
 * at once cannot both succeed. Returns nothing when the guard (or the id) did not match.
 */
export function updateUserKeepingAnAdmin(db: Database, orgId: string, id: string, patch: Partial<Omit<NewUser, "id" | "orgId">>) {
  const other = alias(users, "other_admin");
  const anotherAdmin = db
    .select({ id: other.id })
    .from(other)
    .where(and(eq(other.orgId, orgId), eq(other.role, "admin"), eq(other.active, true), ne(other.id, id)));
  const values = patch.email ? { ...patch, email: normalizeEmail(patch.email) } : patch;
  return db
    .update(users)
    .set(values)
    .where(and(eq(users.orgId, orgId), eq(users.id, id), exists(anotherAdmin)))
    .returning();
}

/** Who an email goes to: name, address, whether they may still get mail, and their time zone (or the organization's). */
export async function mailRecipientOf(db: Database, id: string) {
  const [row] = await db
    .select({ name: users.name, email: users.email, active: users.active, timeZone: sql<string>`coalesce(${users.timezone}, ${organizations.timezone})` })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.id, id));
  return row;
}

/** The users of `orgId` among `ids` (one JSON parameter, whatever their number): to check ids a request names. */
export function usersOfOrg(db: Database, orgId: string, ids: readonly string[]) {
  return db
    .select({ id: users.id, active: users.active })
    .from(users)
    .where(and(eq(users.orgId, orgId), sql`${users.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`));
}

/** The organization's first active admin (by creation): whom the system acts as when no person does (pass-raised automations). */
export async function firstActiveAdmin(db: Database, orgId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.role, "admin"), eq(users.active, true)))
    .orderBy(users.createdAt, users.id)
    .limit(1);
  return row?.id;
}
