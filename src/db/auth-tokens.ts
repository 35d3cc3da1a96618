import { and, eq, exists, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "./client";
import { passwordResets, refreshTokens, users } from "./schema";

export type NewRefreshToken = Omit<typeof refreshTokens.$inferInsert, "usedAt" | "replacedBy" | "revokedAt">;

export function findRefreshTokenByHash(db: Database, tokenHash: string) {
  return db.query.refreshTokens.findFirst({ where: eq(refreshTokens.tokenHash, tokenHash) });
}

/** The insert of a login chain's first refresh token, for use inside a batch. */
export function insertRefreshToken(db: Database, values: NewRefreshToken) {
  return db.insert(refreshTokens).values(values);
}

/**
 * The two statements of one rotation, to run together in a batch. The update claims `current`
 * only while it is unused, unrevoked and unexpired; the successor is copied from the claimed row
 * only when the claim names it, so a lost race inserts nothing. Success is the update returning
 * its row.
 */
export function rotateRefreshToken(
  db: Database,
  currentId: string,
  successor: { id: string; tokenHash: string; expiresAt: Date },
  now: Date,
) {
  const claim = db
    .update(refreshTokens)
    .set({ usedAt: now, replacedBy: successor.id })
    .where(
      and(
        eq(refreshTokens.id, currentId),
        isNull(refreshTokens.usedAt),
        isNull(refreshTokens.revokedAt),
        gt(refreshTokens.expiresAt, now),
      ),
    )
    .returning({ id: refreshTokens.id });
  const insertSuccessor = db.insert(refreshTokens).select((qb) =>
    qb
      .select({
        id: sql`${successor.id}`.as("id"),
        userId: refreshTokens.userId,
        familyId: refreshTokens.familyId,
        tokenHash: sql`${successor.tokenHash}`.as("token_hash"),
        expiresAt: sql`${successor.expiresAt.getTime()}`.as("expires_at"),
        usedAt: sql`NULL`.as("used_at"),
        replacedBy: sql`NULL`.as("replaced_by"),
        revokedAt: sql`NULL`.as("revoked_at"),
        createdAt: sql`${now.getTime()}`.as("created_at"),
      })
      .from(refreshTokens)
      .where(and(eq(refreshTokens.id, currentId), eq(refreshTokens.replacedBy, successor.id))),
  );
  return [claim, insertSuccessor] as const;
}

/** Revokes every still-live token of one login chain. */
export function revokeRefreshFamily(db: Database, familyId: string, now: Date) {
  return db
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/** Revokes the login chain that `tokenHash` belongs to, if any, in one statement. */
export function revokeFamilyOfToken(db: Database, tokenHash: string, now: Date) {
  const family = db.select({ familyId: refreshTokens.familyId }).from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash));
  return db
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(inArray(refreshTokens.familyId, family), isNull(refreshTokens.revokedAt)));
}

/**
 * Revokes every refresh token of a user (all sessions end once their access token expires).
 * Returns the statement, so it can run inside the batch that deactivates the user or changes
 * their password.
 */
export function revokeUserRefreshTokens(db: Database, userId: string, now: Date) {
  return db
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}

export function insertPasswordReset(db: Database, values: typeof passwordResets.$inferInsert) {
  return db.insert(passwordResets).values(values);
}

/** A reset that can still be used at `now`, found by the hash of its token. */
export function findUsablePasswordReset(db: Database, tokenHash: string, now: Date) {
  return db.query.passwordResets.findFirst({
    where: and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)),
  });
}

function passwordResetIsUsable(db: Database, id: string, now: Date) {
  const usable = db
    .select({ one: sql`1` })
    .from(passwordResets)
    .where(and(eq(passwordResets.id, id), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)));
  return exists(usable);
}

/**
 * Sets the password a reset asked for, and clears the lockout, only while that reset is still
 * usable: batched before the statement that spends it, of two concurrent uses only the first
 * writes. Returns the user's id when it did.
 */
export function setPasswordFromReset(db: Database, reset: { id: string; userId: string }, passwordHash: string, now: Date) {
  return db
    .update(users)
    .set({ passwordHash, failedLogins: 0, lockedUntil: null, updatedAt: now })
    .where(and(eq(users.id, reset.userId), passwordResetIsUsable(db, reset.id, now)))
    .returning({ id: users.id });
}

/** Spends every outstanding reset of a user, so an older link dies with the one just used. */
export function usePasswordResets(db: Database, userId: string, now: Date) {
  return db
    .update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
}
