import type { Bindings } from "./env";
import { ApiError } from "./http/errors";

/** Used only when `ENVIRONMENT` is development or test and no secret was set. */
export const DEV_JWT_SECRET = "slaguard-dev-only-jwt-secret-never-in-production";
export const DEV_PASSWORD_PEPPER = "slaguard-dev-only-pepper";

const NON_PRODUCTION = new Set(["development", "test"]);

/**
 * A configured secret. Outside development and tests it must be set, not the public dev default,
 * and at least `minBytes` long in UTF-8; in them, an unset one is the dev default.
 */
function secret(env: Bindings, value: string | undefined, devDefault: string, name: string, minBytes = 1): string {
  const isProduction = !NON_PRODUCTION.has(env.ENVIRONMENT);
  if (!isProduction) return value || devDefault;
  // Signing tokens or hashing passwords with a public default would let anyone forge a session.
  if (!value || value === devDefault) throw new ApiError(500, "E_MISCONFIGURED", `The server has no ${name} set; run \`wrangler secret put ${name}\`.`);
  if (new TextEncoder().encode(value).length < minBytes) {
    throw new ApiError(500, "E_MISCONFIGURED", `${name} is shorter than ${minBytes} bytes; set a longer one with \`wrangler secret put ${name}\`.`);
  }
  return value;
}

/** RFC 8725 §3.5: an HMAC key as long as the hash's output at least, 256 bits for HS256. */
export const MIN_JWT_SECRET_BYTES = 32;

/**
 * The HS256 key for access tokens; outside development and tests, refuses the dev default and a
 * secret shorter than MIN_JWT_SECRET_BYTES (UTF-8), which an offline guesser could find from one token.
 */
export function jwtSecret(env: Bindings): string {
  return secret(env, env.JWT_SECRET, DEV_JWT_SECRET, "JWT_SECRET", MIN_JWT_SECRET_BYTES);
}

/** The pepper mixed into every password hash; refuses the dev default outside development and tests. */
export function passwordPepper(env: Bindings): string {
  return secret(env, env.PASSWORD_PEPPER, DEV_PASSWORD_PEPPER, "PASSWORD_PEPPER");
}

/** Whether one-time tokens may be written to the log (there is no email delivery yet). */
export function mayLogSecrets(env: Bindings): boolean {
  return NON_PRODUCTION.has(env.ENVIRONMENT);
}

/** Whether webhooks may point at http://127.0.0.1 or http://localhost (development and tests only). */
export function allowsLoopbackWebhooks(env: Bindings): boolean {
  return NON_PRODUCTION.has(env.ENVIRONMENT);
}

/** The origins `CORS_ORIGINS` lists (comma-separated; `*` for any), none when it is empty. */
export function corsOrigins(env: Bindings): string[] {
  return (env.CORS_ORIGINS ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
}
