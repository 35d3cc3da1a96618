import { DECOY_PASSWORD_HASH, hashPassword, verifyPassword } from "../auth/password";
import type { Database } from "../db/client";
import { isUniqueViolation } from "../db/constraint";
import { insertOrganization } from "../db/organizations";
import { insertDefaultPolicies } from "../db/sla-policies";
import { compareAndSetLockout, findUserByEmail, findUserById, insertUser, updateUser, type UserRow } from "../db/users";
import { afterFailedLogin, isLocked, needsReset, UNLOCKED, type LockoutState } from "../domain/lockout";
import { needsRehash, parsePasswordHash } from "../domain/password-hash";
import { ApiError } from "../http/errors";
import { emailTaken } from "./account-errors";
import { startSession, type AuthSecrets, type Session } from "./sessions";

export type Registration = { email: string; password: string; name: string; organization: string; timezone?: string };

/** The one answer for a wrong password, an unknown email and a deactivated account alike. */
export function invalidCredentials(message = "The email or password is wrong.") {
  return new ApiError(401, "E_INVALID_CREDENTIALS", message);
}

function accountLocked(lockedUntil: Date, now: Date) {
  const retryAfter = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
  return new ApiError(
    423,
    "E_ACCOUNT_LOCKED",
    "Too many failed sign-ins; try again later or reset the password.",
    { lockedUntil: lockedUntil.toISOString() },
    { "Retry-After": String(retryAfter) },
  );
}

/**
 * Creates an organization, its first user as admin, its default SLA policies (contract §4) and
 * the user's session, all in one batch.
 */
export async function register(db: Database, secrets: AuthSecrets, input: Registration, now: Date): Promise<Session> {
  if (await findUserByEmail(db, input.email)) throw emailTaken();
  const orgId = crypto.randomUUID();
  const userId = crypto.randomUUID();
  const passwordHash = await hashPassword(input.password, secrets.pepper);
  const started = await startSession(db, userId, secrets.jwtSecret, now);
  try {
    const [, [user]] = await db.batch([
      insertOrganization(db, { id: orgId, name: input.organization, timezone: input.timezone ?? "UTC", createdAt: now }),
      insertUser(db, { id: userId, orgId, email: input.email, name: input.name, role: "admin", passwordHash, createdAt: now, updatedAt: now }),
      started.statement,
      insertDefaultPolicies(db, orgId, now),
    ]);
    return started.session(user!);
  } catch (err) {
    if (isUniqueViolation(err, "users.email")) throw emailTaken();
    throw err;
  }
}

/**
 * Signs in with email and password. Unknown emails are checked against a decoy hash so they cost
 * the same time as a wrong password; a locked account is refused even with the right password.
 */
export async function login(db: Database, secrets: AuthSecrets, input: { email: string; password: string }, now: Date): Promise<Session> {
  const user = await findUserByEmail(db, input.email);
  const active = user?.active ? user : undefined;
  if (active?.lockedUntil && isLocked(active, now)) throw accountLocked(active.lockedUntil, now);
  const valid = await verifyPassword(input.password, active?.passwordHash ?? DECOY_PASSWORD_HASH, secrets.pepper);
  if (!active) throw invalidCredentials();
  if (!valid) {
    const state = await recordFailure(db, active, now);
    if (state.lockedUntil && isLocked(state, now)) throw accountLocked(state.lockedUntil, now);
    throw invalidCredentials();
  }

  const params = parsePasswordHash(active.passwordHash);
  const passwordHash = params && needsRehash(params) ? await hashPassword(input.password, secrets.pepper) : undefined;
  const started = await startSession(db, active.id, secrets.jwtSecret, now);
  if (passwordHash || needsReset(active)) {
    await db.batch([started.statement, updateUser(db, active.orgId, active.id, { ...UNLOCKED, ...(passwordHash && { passwordHash }) })]);
  } else {
    await started.statement;
  }
  return started.session(active);
}

/**
 * Counts one failure. Concurrent guesses race on the counters, so the write is a compare-and-set
 * retried on fresh state: every failure counts, and a lock is never extended by a late loser.
 */
async function recordFailure(db: Database, user: UserRow, now: Date): Promise<LockoutState> {
  let state: LockoutState = { failedLogins: user.failedLogins, lockedUntil: user.lockedUntil };
  for (let attempt = 0; attempt < 5; attempt++) {
    const next = afterFailedLogin(state, now);
    const [written] = await compareAndSetLockout(db, user.id, state, next);
    if (written) return next;
    const fresh = await findUserById(db, user.id);
    if (!fresh) break;
    state = { failedLogins: fresh.failedLogins, lockedUntil: fresh.lockedUntil };
  }
  return state;
}
