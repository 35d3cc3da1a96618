import { createMiddleware } from "hono/factory";
import type { Context } from "hono";
import { verifyAccessToken, type AccessClaims } from "../auth/access-token";
import { jwtSecret } from "../config";
import { hasRoleAtLeast, type Role } from "../domain/roles";
import type { AppEnv } from "../env";
import { redeemLiveTicket } from "../services/live-ticket";
import { AccountCheck, accountGone, currentAccount, requireCurrentAccount } from "./account-check";
import { ApiError } from "./errors";
import { limitUser } from "./rate-limit";

/** The bearer token from `Authorization`, or from `access_token` where a browser cannot set headers. */
export function bearerToken(header: string | undefined, query?: string): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1] ?? query;
}

const READS = new Set(["GET", "HEAD"]);

/**
 * Requires a valid access token and checks its account in D1 on every request, so a deactivated
 * account or a changed role takes effect at once rather than when the token expires. A write waits
 * for the check and then acts with the account's current role. A read has no side effects, so it
 * runs on the token's claims with the check riding along (see AccountCheck), and its answer
 * stands only if the account still is what the token says; otherwise 401, and a refresh brings a
 * token with the current role.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const claims = await claimsOf(c);
  if (!READS.has(c.req.method)) {
    const account = await currentAccount(c.get("db"), claims);
    if (!account) throw accountGone();
    c.set("caller", account);
    return next();
  }
  const check = actOnClaims(c, claims);
  await next();
  requireCurrentAccount(await check.result(), claims.role);
});

/**
 * For a write whose one batch carries the account check in its own statements
 * (`AccountCheck.guard`), saving a D1 call: it acts on the token's claims, and a stale token makes
 * the guarded write do nothing. A route given this middleware must guard its write; an answer that
 * wrote nothing (an idempotent replay, a refusal) is checked afterwards, as a read is.
 */
export const authenticateGuardedWrite = createMiddleware<AppEnv>(async (c, next) => {
  const claims = await claimsOf(c);
  const check = actOnClaims(c, claims);
  await next();
  if (!check.carried) requireCurrentAccount(await check.result(), claims.role);
});

/**
 * For a WebSocket upgrade on `/teams/{teamId}/...`, where a browser cannot set headers: a one-time
 * `ticket` query parameter (from `POST /teams/{teamId}/live/ticket`) is spent here, and when there
 * is one it alone decides (a used, expired, unknown or other team's ticket is 401, whatever else
 * came along); otherwise the token in `Authorization` or, deprecated because URLs land in logs,
 * in `access_token`. Either way the account is checked before going on — a socket outlives the
 * request, so nothing can be judged alongside it. Sets when the token expires (`tokenExpiresAt`, s).
 */
export const authenticateSocket = createMiddleware<AppEnv>(async (c, next) => {
  const ticket = c.req.query("ticket");
  if (ticket !== undefined) {
    const holder = await redeemLiveTicket(c.get("db"), ticket, c.req.param("teamId") ?? "", c.get("now"));
    // An open is a request of the ticket's holder like any other (contract §1: 100 a minute per user).
    await limitUser(c, holder.caller.id);
    c.set("caller", holder.caller);
    c.set("tokenExpiresAt", holder.tokenExpiresAt);
    return next();
  }
  const claims = await claimsOf(c, c.req.query("access_token"));
  c.set("caller", requireCurrentAccount(await currentAccount(c.get("db"), claims), claims.role));
  await next();
});

async function claimsOf(c: Context<AppEnv>, queryToken?: string) {
  const token = bearerToken(c.req.header("Authorization"), queryToken);
  if (!token) throw ApiError.unauthorized();
  const claims = await verifyAccessToken(token, jwtSecret(c.env), c.get("now"));
  await limitUser(c, claims.sub);
  // For any route: a live-room ticket issued under this token carries its expiry on to the socket (4401).
  c.set("tokenExpiresAt", claims.exp);
  return claims;
}

function actOnClaims(c: Context<AppEnv>, claims: AccessClaims): AccountCheck {
  const check = new AccountCheck(c.get("db"), claims);
  c.set("caller", { id: claims.sub, orgId: claims.org, role: claims.role });
  c.set("accountCheck", check);
  return check;
}

/** Allows roles at or above `floor`; use after `authenticate`. */
export function requireRole(floor: Role) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!hasRoleAtLeast(c.get("caller").role, floor)) throw ApiError.forbidden();
    await next();
  });
}
