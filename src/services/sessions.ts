import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken } from "../auth/access-token";
import { randomToken, sha256Hex } from "../auth/encoding";
import {
  findRefreshTokenByHash,
  insertRefreshToken,
  revokeFamilyOfToken,
  revokeRefreshFamily,
  rotateRefreshToken,
} from "../db/auth-tokens";
import type { Database } from "../db/client";
import { findUserById, type UserRow } from "../db/users";
import { ApiError } from "../http/errors";

export const REFRESH_TOKEN_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** The secrets sign-in needs, read from the environment by the route. */
export type AuthSecrets = { jwtSecret: string; pepper: string };

/** What a sign-in, registration or refresh answers. */
export type Session = { accessToken: string; refreshToken: string; expiresIn: number; user: UserRow };

/** A fresh refresh token: the secret goes to the client, only its hash to the database. */
async function mintRefreshToken(now: Date) {
  const token = randomToken();
  return { token, id: crypto.randomUUID(), tokenHash: await sha256Hex(token), expiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_MS) };
}

async function toSession(user: UserRow, refreshToken: string, jwtSecret: string, now: Date): Promise<Session> {
  const accessToken = await signAccessToken({ userId: user.id, orgId: user.orgId, role: user.role }, jwtSecret, now);
  return { accessToken, refreshToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS, user };
}

/**
 * Starts a login chain for `userId`. Returns the insert (so the caller can batch it with the
 * writes that go with signing in) and a function that turns the stored user into the session.
 */
export async function startSession(db: Database, userId: string, jwtSecret: string, now: Date) {
  const minted = await mintRefreshToken(now);
  const { token, ...row } = minted;
  return {
    statement: insertRefreshToken(db, { ...row, userId, familyId: crypto.randomUUID(), createdAt: now }),
    session: (user: UserRow) => toSession(user, token, jwtSecret, now),
  };
}

export function invalidRefreshToken(message = "The refresh token is not valid; sign in again.") {
  return new ApiError(401, "E_INVALID_REFRESH_TOKEN", message);
}

/**
 * Trades a refresh token for a new pair. Each token works once: presenting a spent one (a replay,
 * or the loser of two concurrent refreshes) revokes its whole chain, because one of the two
 * holders is not the user.
 */
export async function refreshSession(db: Database, refreshToken: string, jwtSecret: string, now: Date): Promise<Session> {
  const current = await findRefreshTokenByHash(db, await sha256Hex(refreshToken));
  if (!current || current.revokedAt || current.expiresAt.getTime() <= now.getTime()) throw invalidRefreshToken();
  if (current.usedAt) return rejectReuse(db, current.familyId, now);

  const user = await findUserById(db, current.userId);
  if (!user?.active) {
    await revokeRefreshFamily(db, current.familyId, now);
    throw invalidRefreshToken("The account no longer exists or was deactivated.");
  }

  const { token, ...successor } = await mintRefreshToken(now);
  const [claimed] = await db.batch(rotateRefreshToken(db, current.id, successor, now));
  if (claimed.length === 0) return rejectReuse(db, current.familyId, now);
  return toSession(user, token, jwtSecret, now);
}

async function rejectReuse(db: Database, familyId: string, now: Date): Promise<never> {
  await revokeRefreshFamily(db, familyId, now);
  throw invalidRefreshToken("The refresh token was already used; every session of that sign-in has been ended.");
}

/** Ends the login chain `refreshToken` belongs to; an unknown token is already as good as ended. */
export async function endSession(db: Database, refreshToken: string, now: Date): Promise<void> {
  await revokeFamilyOfToken(db, await sha256Hex(refreshToken), now);
}
