/** Consecutive failed sign-ins that lock an account (contract §2). */
export const MAX_FAILED_LOGINS = 5;

/** How long a lock lasts, counted from the failure that set it. */
export const LOCKOUT_MS = 15 * 60 * 1000;

/** The lockout fields of a user row. */
export type LockoutState = { failedLogins: number; lockedUntil: Date | null };

/** The state of an account that has never failed, or has just signed in. */
export const UNLOCKED: LockoutState = { failedLogins: 0, lockedUntil: null };

/** True while a lock set by earlier failures has not yet run out at `now`. */
export function isLocked(state: LockoutState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/**
 * The state after a failed sign-in at `now`. A lock that has run out is forgotten, so counting
 * starts afresh; the failure that reaches the limit locks the account until `now + 15 min`.
 * Callers refuse locked accounts before checking the password, so a failure while locked is not
 * counted; if one arrives anyway the lock is kept as it is rather than extended.
 */
export function afterFailedLogin(state: LockoutState, now: Date): LockoutState {
  if (isLocked(state, now)) return state;
  const lockExpired = state.lockedUntil !== null;
  const failedLogins = (lockExpired ? 0 : state.failedLogins) + 1;
  const lockedUntil = failedLogins >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_MS) : null;
  return { failedLogins, lockedUntil };
}

/** True when `state` differs from the clean state a successful sign-in leaves behind. */
export function needsReset(state: LockoutState): boolean {
  return state.failedLogins !== 0 || state.lockedUntil !== null;
}
