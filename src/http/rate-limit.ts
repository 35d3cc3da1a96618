import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { secondsToWindowEnd } from "../domain/rate-window";
import type { AppEnv } from "../env";
import { ApiError } from "./errors";

/** The `period` of both `[[ratelimits]]` bindings in wrangler.toml; Retry-After is computed from it. */
export const RATE_LIMIT_PERIOD_SECONDS = 60;

/** Counts one request against `key`; over the limit, a 429 with the seconds to the window's end. */
async function spend(limiter: RateLimit, key: string, now: Date, what: string): Promise<void> {
  const { success } = await limiter.limit({ key });
  if (success) return;
  const retryAfter = secondsToWindowEnd(now.getTime(), RATE_LIMIT_PERIOD_SECONDS);
  throw new ApiError(429, "E_RATE_LIMITED", `Too many ${what}; try again in ${retryAfter} s.`, { retryAfterSeconds: retryAfter }, {
    "Retry-After": String(retryAfter),
  });
}

/** 100 requests a minute per signed-in user (contract §1), counted as soon as the token is verified. */
export function limitUser(c: Context<AppEnv>, userId: string): Promise<void> {
  return spend(c.env.API_RATE_LIMITER, `user:${userId}`, c.get("now"), "requests");
}

/** The client's address as Cloudflare saw it; local runs (wrangler dev, tests) may have none. */
export function clientIp(c: Context<AppEnv>): string {
  return c.req.header("CF-Connecting-IP") ?? "unknown";
}

function emailOf(body: unknown): string {
  const email = typeof body === "object" && body !== null ? (body as { email?: unknown }).email : undefined;
  return typeof email === "string" ? email.trim().toLowerCase() : "";
}

/**
 * 10 sign-in attempts a minute per (client IP, email) pair, counted before the body is validated
 * or the account looked at: the 11th attempt is refused whatever the account's state, so a
 * guesser learns nothing from the lockout either. Runs after the JSON middleware parsed the body.
 */
export const limitSignInAttempts = createMiddleware<AppEnv>(async (c, next) => {
  const body: unknown = await c.req.json().catch(() => undefined);
  await spend(c.env.LOGIN_RATE_LIMITER, `login:${clientIp(c)}|${emailOf(body)}`, c.get("now"), "sign-in attempts");
  await next();
});
