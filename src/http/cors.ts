import { cors } from "hono/cors";
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
export const corsFromConfig: MiddlewareHandler<AppEnv> = cors({
  // Read from the request's env: the one middleware serves whatever CORS_ORIGINS the Worker runs with.
  origin: (origin, c) => {
    const allowed = corsOrigins(c.env as Bindings);
    return allowed.includes("*") ? "*" : allowed.includes(origin) ? origin : null;
  },
  allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
  allowHeaders: ALLOW_HEADERS,
  exposeHeaders: EXPOSE_HEADERS,
  maxAge: 600,
  credentials: false,
});
