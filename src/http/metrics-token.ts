import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { bearerToken } from "./auth";
import { ApiError } from "./errors";

const sha256 = (text: string) => crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));

/**
 * Compares digests rather than the strings: both are 32 bytes whatever was sent, so neither the
 * comparison's time nor a length check tells a caller how much of the token it guessed.
 */
async function isMetricsToken(presented: string | undefined, expected: string): Promise<boolean> {
  if (presented === undefined) return false;
  const [a, b] = await Promise.all([sha256(presented), sha256(expected)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

/**
 * Off unless `METRICS_TOKEN` is set: without it the path answers exactly as an unknown one does, for
 * every method (the 404/405 handler would otherwise answer a POST with 405 and `Allow: GET`).
 */
export const requireMetricsToken = createMiddleware<AppEnv>(async (c, next) => {
  const expected = c.env.METRICS_TOKEN;
  if (!expected) throw ApiError.notFound("route");
  if (!(await isMetricsToken(bearerToken(c.req.header("Authorization")), expected))) throw ApiError.unauthorized("Send the METRICS_TOKEN as a bearer token.");
  await next();
});
