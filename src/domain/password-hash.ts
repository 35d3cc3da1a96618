/** How a stored password hash was made; kept beside the hash so the cost can be raised later. */
export type PasswordHashParams = { algorithm: "pbkdf2-sha256"; iterations: number; salt: string; hash: string };

/** 100,000 is the most PBKDF2 iterations the Workers runtime accepts in production. */
export const PBKDF2_ITERATIONS = 100_000;

/** Formats `pbkdf2-sha256$<iterations>$<salt b64url>$<hash b64url>`. */
export function formatPasswordHash(params: PasswordHashParams): string {
  return [params.algorithm, String(params.iterations), params.salt, params.hash].join("$");
}

/** Parses a stored hash; returns null for anything not in the known format. */
export function parsePasswordHash(stored: string): PasswordHashParams | null {
  const [algorithm, iterations, salt, hash, ...rest] = stored.split("$");
  if (algorithm !== "pbkdf2-sha256" || rest.length > 0 || !salt || !hash) return null;
  const count = Number(iterations);
  if (!Number.isInteger(count) || count < 1) return null;
  return { algorithm, iterations: count, salt, hash };
}

/** True when a hash was made with fewer iterations than we use now, so a sign-in should re-hash it. */
export function needsRehash(params: PasswordHashParams): boolean {
  return params.iterations < PBKDF2_ITERATIONS;
}
