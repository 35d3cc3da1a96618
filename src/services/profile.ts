import { hashPassword, verifyPassword } from "../auth/password";
import { revokeUserRefreshTokens } from "../db/auth-tokens";
import type { Database } from "../db/client";
import { findUserInOrg, updateUser, type UserRow } from "../db/users";
import type { Caller } from "../env";
import type { AccountCheck } from "../http/account-check";
import { ApiError } from "../http/errors";
import { invalidCredentials } from "./sign-in";

export type ProfilePatch = { name?: string; timezone?: string | null; password?: string; currentPassword?: string };

/**
 * The caller's own user row. That row is also what a read's account check asks (is the account
 * active, with which role), so a pending `check` is settled from it rather than read again.
 */
export async function getProfile(db: Database, caller: Caller, check?: Pick<AccountCheck, "settleFromRow">): Promise<UserRow> {
  const user = await findUserInOrg(db, caller.orgId, caller.id);
  check?.settleFromRow(user);
  if (!user) throw ApiError.unauthorized("The account no longer exists or was deactivated.");
  return user;
}

/**
 * Changes the caller's name and/or password. A new password needs the current one, and ends every
 * refresh token of the user in the same batch: whoever learned the old password loses the session
 * they may have opened with it (this caller signs in again once the access token runs out).
 */
export async function updateProfile(db: Database, pepper: string, caller: Caller, patch: ProfilePatch, now: Date): Promise<UserRow> {
  const user = await getProfile(db, caller);
  if (patch.name === undefined && patch.timezone === undefined && patch.password === undefined) return user;
  if (patch.password === undefined) {
    const [updated] = await updateUser(db, user.orgId, user.id, { name: patch.name, timezone: patch.timezone, updatedAt: now });
    return updated ?? user;
  }
  if (patch.currentPassword === undefined || !(await verifyPassword(patch.currentPassword, user.passwordHash, pepper))) {
    throw invalidCredentials("The current password is wrong.");
  }
  const passwordHash = await hashPassword(patch.password, pepper);
  const [[updated]] = await db.batch([
    updateUser(db, user.orgId, user.id, { name: patch.name, timezone: patch.timezone, passwordHash, updatedAt: now }),
    revokeUserRefreshTokens(db, user.id, now),
  ]);
  return updated ?? user;
}
