import { and, eq } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import { verifyAccessToken } from "../auth/access-token";
import { jwtSecret } from "../config";
import { users } from "../db/schema";
import { hasRoleAtLeast, type Role } from "../domain/roles";
import type { AppEnv } from "../env";
import { ApiError } from "./errors";

/** The bearer token from `Authorization`, or from `access_token` where a browser cannot set headers. */
export function bearerToken(header: string | undefined, query?: string): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1] ?? query;
}

/**
 * Requires a valid access token and loads its user, so a deactivated account or a changed role
 * takes effect at once rather than when the token expires.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c.req.header("Authorization"));
  if (!token) throw ApiError.unauthorized();
  const claims = await verifyAccessToken(token, jwtSecret(c.env), c.get("now"));
  const user = await c.get("db").query.users.findFirst({
    columns: { id: true, orgId: true, role: true, email: true, name: true },
    where: and(eq(users.id, claims.sub), eq(users.orgId, claims.org), eq(users.active, true)),
  });
  if (!user) throw ApiError.unauthorized("The account no longer exists or was deactivated.");
  c.set("caller", user);
  await next();
});

/** Allows roles at or above `floor`; use after `authenticate`. */
export function requireRole(floor: Role) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!hasRoleAtLeast(c.get("caller").role, floor)) throw ApiError.forbidden();
    await next();
  });
}
