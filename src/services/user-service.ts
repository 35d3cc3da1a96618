import { hashPassword } from "../auth/password";
import { revokeUserRefreshTokens } from "../db/auth-tokens";
import type { Database } from "../db/client";
import { isUniqueViolation } from "../db/constraint";
import {
  countActiveAdmins,
  findUserInOrg,
  insertUser,
  listUsers,
  updateUser,
  updateUserKeepingAnAdmin,
  userSortValue,
  type UserListFilter,
  type UserRow,
  type UserSortField,
} from "../db/users";
import type { Role } from "../domain/roles";
import { leavesNoActiveAdmin, removesAnAdmin } from "../domain/user-admin";
import { ApiError } from "../http/errors";
import { emailTaken } from "./account-errors";
import { toPage, type PageRequest } from "../http/pagination";

export type NewUserInput = { email: string; password: string; name: string; role: Role; timezone?: string | null };

/** Everything an admin may change about a user; `active: false` is a deactivation. */
export type UserChange = { name?: string; email?: string; role?: Role; active?: boolean; timezone?: string | null };

function lastAdmin() {
  return ApiError.conflict("E_LAST_ADMIN", "The organization's last active admin cannot be demoted or deactivated.");
}

export async function listOrgUsers(db: Database, orgId: string, filter: UserListFilter, page: PageRequest<UserSortField>) {
  const rows = await listUsers(db, orgId, filter, page);
  return toPage(rows, page.limit, (row) => ({ value: userSortValue(row, page.field), id: row.id }));
}

export async function getOrgUser(db: Database, orgId: string, id: string): Promise<UserRow> {
  const user = await findUserInOrg(db, orgId, id);
  if (!user) throw ApiError.notFound("user");
  return user;
}

/** Creates a user in `orgId`; emails are unique across organizations because sign-in names none. */
export async function createOrgUser(db: Database, orgId: string, input: NewUserInput, pepper: string, now: Date): Promise<UserRow> {
  const passwordHash = await hashPassword(input.password, pepper);
  try {
    const [user] = await insertUser(db, { id: crypto.randomUUID(), orgId, ...input, passwordHash, createdAt: now, updatedAt: now });
    return user!;
  } catch (err) {
    if (isUniqueViolation(err, "users.email")) throw emailTaken();
    throw err;
  }
}

/**
 * Applies an admin's change to a user. A change that takes away an admin is checked against the
 * last-admin rule first and written under a guard that re-checks it atomically. A deactivation
 * revokes the user's refresh tokens in the same batch; their access token stops working at once
 * because every request reloads the caller.
 */
export async function changeOrgUser(db: Database, orgId: string, id: string, change: UserChange, now: Date): Promise<UserRow> {
  const before = await getOrgUser(db, orgId, id);
  const after = { role: change.role ?? before.role, active: change.active ?? before.active };
  const guarded = removesAnAdmin(before, after);
  if (guarded && leavesNoActiveAdmin(before, after, await countActiveAdmins(db, orgId))) throw lastAdmin();

  const patch = { ...change, updatedAt: now };
  const update = guarded ? updateUserKeepingAnAdmin(db, orgId, id, patch) : updateUser(db, orgId, id, patch);
  let user: UserRow | undefined;
  try {
    // Should the guard lose a race, the batch still revokes the admin's refresh tokens: they sign in again, nothing worse.
    [[user]] = change.active === false ? await db.batch([update, revokeUserRefreshTokens(db, id, now)]) : [await update];
  } catch (err) {
    if (isUniqueViolation(err, "users.email")) throw emailTaken();
    throw err;
  }
  if (!user) throw guarded ? lastAdmin() : ApiError.notFound("user");
  return user;
}
