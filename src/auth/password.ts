import { formatPasswordHash, parsePasswordHash, PBKDF2_ITERATIONS } from "../domain/password-hash";
import { fromBase64Url, toBase64Url } from "./encoding";

async function derive(password: string, pepper: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password + pepper), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256);
  return new Uint8Array(bits);
}

/** Hashes a password with a fresh per-user salt, the secret pepper, and PBKDF2-SHA256. */
export async function hashPassword(password: string, pepper: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, pepper, salt, PBKDF2_ITERATIONS);
  return formatPasswordHash({ algorithm: "pbkdf2-sha256", iterations: PBKDF2_ITERATIONS, salt: toBase64Url(salt), hash: toBase64Url(hash) });
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** Checks a password against a stored hash in constant time; an unreadable hash never matches. */
export async function verifyPassword(password: string, stored: string, pepper: string): Promise<boolean> {
  const params = parsePasswordHash(stored);
  if (!params) return false;
  const actual = await derive(password, pepper, fromBase64Url(params.salt), params.iterations);
  return constantTimeEqual(actual, fromBase64Url(params.hash));
}

/**
 * A well-formed hash of no one's password, checked when the email is unknown so that a wrong
 * email costs the same time as a wrong password.
 */
export const DECOY_PASSWORD_HASH = formatPasswordHash({
  algorithm: "pbkdf2-sha256",
  iterations: PBKDF2_ITERATIONS,
  salt: "c2xhZ3VhcmQtZGVjb3k",
  hash: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
});
