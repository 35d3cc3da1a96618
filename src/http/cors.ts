import { cors } from "hono/cors";
import { createMiddleware } from "hono/factory";
import type { MiddlewareHandler } from "hono";
import { corsOrigins } from "../config";
import type { AppEnv, Bindings } from "../env";

// What a browser client on another origin needs: its headers in, ours out.
const ALLOW_HEADERS = ["Authorization", "Content-Type", "If-Match", "Idempotency-Key", "X-Request-Id"];
const EXPOSE_HEADERS = ["X-Request-Id", "ETag", "Location", "Retry-After", "Content-Disposition"];

/**
 * Cross-origin access from the origins listed in `CORS_ORIGINS` (none by default: the dashboard is
 * same-origin). A preflight is always answered (204); it allows an origin only when it is listed,
 * or every origin with `*`. Credentials are never allowed: the API takes bearer tokens, not
 * cookies, and `*` with credentials would hand any site the user's session.
 */
export const corsFromConfig = createMiddleware<AppEnv>((c, next) => corsFor(c.env)(c, next));

// A deployment has one CORS_ORIGINS: its middleware is built once, not on every request.
const built = new Map<string, MiddlewareHandler>();

function corsFor(env: Bindings): MiddlewareHandler {
  const key = env.CORS_ORIGINS ?? "";
  let handler = built.get(key);
  if (!handler) {
    const allowed = corsOrigins(env);
    handler = cors({
      origin: (origin) => (allowed.includes("*") ? "*" : allowed.includes(origin) ? origin : null),
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
      allowHeaders: ALLOW_HEADERS,
      exposeHeaders: EXPOSE_HEADERS,
      maxAge: 600,
      credentials: false,
    });
    built.set(key, handler);
  }
  return handler;
}
