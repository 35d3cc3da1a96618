/** How long a create's answer is kept for replay (contract §1). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * How long a claim may stay "running" before another request may take it over. A Worker whose
 * client disconnects can be cancelled before it releases or answers its claim; without a lease
 * such a key would answer 409 for the rest of its 24 h.
 */
export const IDEMPOTENCY_LEASE_MS = 60 * 1000;

export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

// Visible ASCII (RFC 5234 VCHAR): no spaces or control characters, so a key survives any proxy as is.
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

/** Why `key` is not a usable `Idempotency-Key`, or null when it is: 1–255 visible ASCII characters. */
export function idempotencyKeyProblem(key: string): string | null {
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    return `Must be 1–${MAX_IDEMPOTENCY_KEY_LENGTH} characters long.`;
  }
  if (!VISIBLE_ASCII.test(key)) return "Must hold only visible ASCII characters (no spaces).";
  return null;
}

/**
 * JSON with every object's keys sorted, recursively, so two bodies that mean the same thing
 * (other key order, other whitespace) compare equal. Array order is kept: it carries meaning.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * The text whose hash identifies a request: method, concrete path (so one key cannot be reused
 * on another ticket's comments) and the body, canonical when it is JSON and as sent otherwise.
 */
export function requestFingerprint(method: string, path: string, bodyText: string): string {
  let body = bodyText;
  if (bodyText.trim() !== "") {
    try {
      body = canonicalJson(JSON.parse(bodyText));
    } catch {
      // Not JSON: the bytes as sent are the only identity it has.
    }
  }
  return `${method.toUpperCase()}\n${path}\n${body}`;
}

/** A key's stored row: its request's hash and, once answered, the answer. */
export type StoredAttempt = {
  requestHash: string;
  responseStatus: number | null;
  responseBody: string | null;
  createdAt: Date;
  expiresAt: Date;
};

/** What a request does with a key: run (the key is free), refuse, or replay the first answer. */
export type IdempotencyDecision =
  | { kind: "vacant" }
  | { kind: "mismatch" }
  | { kind: "in_progress" }
  | { kind: "replay"; status: number; body: string };

/** True when a stored row no longer holds its key at `now`: expired, or a running claim past its lease. */
export function isReclaimable(stored: StoredAttempt, now: Date): boolean {
  if (stored.expiresAt.getTime() <= now.getTime()) return true;
  return stored.responseStatus === null && stored.createdAt.getTime() + IDEMPOTENCY_LEASE_MS <= now.getTime();
}

/**
 * Decides what a request with hash `requestHash` does with a key whose row is `stored`.
 * A different body is reported before "still running": a retry after the first finishes would
 * be refused anyway, so the client learns the lasting answer at once.
 */
export function decideIdempotency(stored: StoredAttempt | undefined, requestHash: string, now: Date): IdempotencyDecision {
  if (!stored || isReclaimable(stored, now)) return { kind: "vacant" };
  if (stored.requestHash !== requestHash) return { kind: "mismatch" };
  if (stored.responseStatus === null) return { kind: "in_progress" };
  return { kind: "replay", status: stored.responseStatus, body: stored.responseBody ?? "" };
}

/** Only successes are kept: a failed create made nothing, so its retry must be free to run again. */
export function isStoredStatus(status: number): boolean {
  return status >= 200 && status < 300;
}
