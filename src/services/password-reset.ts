import { randomToken, sha256Hex } from "../auth/encoding";
import { hashPassword } from "../auth/password";
import {
  findUsablePasswordReset,
  insertPasswordReset,
  revokeUserRefreshTokens,
  setPasswordFromReset,
  usePasswordResets,
} from "../db/auth-tokens";
import type { Database } from "../db/client";
import { findUserByEmail } from "../db/users";
import { ApiError } from "../http/errors";

export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

export type ResetDelivery = (message: { userId: string; email: string; resetToken: string; expiresAt: Date }) => void;

/** In development and tests the token is also written to the log, as one JSON line (never in production). */
export const logResetToken: ResetDelivery = ({ email, resetToken, expiresAt }) => {
  console.info(JSON.stringify({ event: "password_reset_requested", email, resetToken, expiresAt: expiresAt.toISOString() }));
};

/**
 * Issues a one-hour reset token for an active account and hands it to `deliver`, if any. Unknown
 * or deactivated emails do nothing, and the caller answers the same either way.
 */
export async function requestPasswordReset(db: Database, email: string, now: Date, deliver: readonly ResetDelivery[]): Promise<void> {
  const user = await findUserByEmail(db, email);
  if (!user?.active) return;
  const resetToken = randomToken();
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MS);
  await insertPasswordReset(db, { id: crypto.randomUUID(), userId: user.id, tokenHash: await sha256Hex(resetToken), expiresAt, createdAt: now });
  for (const send of deliver) send({ userId: user.id, email: user.email, resetToken, expiresAt });
}

export function invalidResetToken() {
  return new ApiError(400, "E_INVALID_RESET_TOKEN", "The reset link is unknown, expired or already used; ask for a new one.");
}

/**
 * Sets a new password from a reset token. One batch sets the hash, clears the lockout, ends every
 * session and spends the token; the password write is guarded by the token still being usable, so
 * of two concurrent uses only the first changes anything.
 */
export async function resetPassword(db: Database, pepper: string, token: string, password: string, now: Date): Promise<void> {
  const reset = await findUsablePasswordReset(db, await sha256Hex(token), now);
  if (!reset) throw invalidResetToken();
  const passwordHash = await hashPassword(password, pepper);
  const [updated] = await db.batch([
    setPasswordFromReset(db, reset, passwordHash, now),
    revokeUserRefreshTokens(db, reset.userId, now),
    usePasswordResets(db, reset.userId, now),
  ]);
  if (updated.length === 0) throw invalidResetToken();
}
