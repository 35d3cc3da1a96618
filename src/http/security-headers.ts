import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";

// The Worker answers JSON, CSV and Prometheus text, never a page: nothing in an answer may load,
// run or be framed. The dashboard's own pages get their policy from web/_headers (static assets).
const API_HEADERS: Record<string, string> = {
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
};

// Two years with subdomains: once a browser has seen it over https, it never tries plain http.
const HSTS = "max-age=63072000; includeSubDomains";

/**
 * Sets the security headers on every answer the Worker itself gives, errors and 101s aside (a
 * WebSocket upgrade's headers are immutable and carry no body). HSTS only on https answers: a
 * browser ignores it over plain http, and local runs are plain http.
 */
export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (c.res.status === 101) return;
  const set = (headers: Headers) => {
    for (const [name, value] of Object.entries(API_HEADERS)) if (!headers.has(name)) headers.set(name, value);
    if (new URL(c.req.url).protocol === "https:") headers.set("Strict-Transport-Security", HSTS);
  };
  try {
    set(c.res.headers);
  } catch {
    // An answer passed through from elsewhere (the room's) has immutable headers: only that one is copied.
    c.res = new Response(c.res.body, c.res);
    set(c.res.headers);
  }
});
