import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  decideIdempotency,
  IDEMPOTENCY_LEASE_MS,
  IDEMPOTENCY_TTL_MS,
  idempotencyKeyProblem,
  isStoredStatus,
  requestFingerprint,
  type StoredAttempt,
} from "../../src/domain/idempotency";

const visible = fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code));

describe("idempotency keys", () => {
  it("accepts every string of 1–255 visible ASCII characters", () => {
    fc.assert(fc.property(fc.string({ unit: visible, minLength: 1, maxLength: 255 }), (key) => idempotencyKeyProblem(key) === null));
  });

  it("refuses empty and over-long keys", () => {
    expect(idempotencyKeyProblem("")).toMatch(/1–255/);
    expect(idempotencyKeyProblem("k".repeat(256))).toMatch(/1–255/);
  });

  it("refuses any key holding a space, control or non-ASCII character", () => {
    const bad = fc.constantFrom(" ", "\t", "\n", "\x00", "\x7f", "é", "€", "😀");
    fc.assert(
      fc.property(fc.string({ unit: visible, maxLength: 20 }), bad, fc.nat(20), (key, ch, at) => {
        const position = at % (key.length + 1);
        expect(idempotencyKeyProblem(key.slice(0, position) + ch + key.slice(position))).not.toBeNull();
      }),
    );
  });
});

describe("canonical JSON", () => {
  it("is the same for any key order and whitespace", () => {
    expect(canonicalJson(JSON.parse('{ "b": 1, "a": {"y": [2, 1], "x": null} }'))).toBe('{"a":{"x":null,"y":[2,1]},"b":1}');
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(object));
        expect(canonicalJson(JSON.parse(JSON.stringify(object, null, 2)))).toBe(canonicalJson(object));
      }),
    );
  });

  it("round-trips to an equal value", () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it("keeps array order, which carries meaning", () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });
});

describe("request fingerprints", () => {
  const path = "/api/v1/tickets";

  it("ignores key order and whitespace in a JSON body", () => {
    expect(requestFingerprint("post", path, '{"title":"A","priority":"P3"}')).toBe(requestFingerprint("POST", path, '{ "priority": "P3", "title": "A" }'));
  });

  it("differs by method, path and body", () => {
    const base = requestFingerprint("POST", path, '{"title":"A"}');
    expect(requestFingerprint("PUT", path, '{"title":"A"}')).not.toBe(base);
    expect(requestFingerprint("POST", "/api/v1/tickets/t2/comments", '{"title":"A"}')).not.toBe(base);
    expect(requestFingerprint("POST", path, '{"title":"B"}')).not.toBe(base);
  });

  it("takes a body that is not JSON as sent", () => {
    expect(requestFingerprint("POST", path, "not json")).toBe(`POST\n${path}\nnot json`);
    expect(requestFingerprint("POST", path, "")).toBe(`POST\n${path}\n`);
  });
});

describe("the decision for a key already in use", () => {
  const now = new Date("2026-11-20T09:00:00.000Z");
  const at = (ms: number) => new Date(now.getTime() + ms);
  const answered: StoredAttempt = { requestHash: "h1", responseStatus: 201, responseBody: '{"id":"t1"}', createdAt: at(-1000), expiresAt: at(IDEMPOTENCY_TTL_MS - 1000) };
  const running: StoredAttempt = { ...answered, responseStatus: null, responseBody: null };

  it("is vacant when there is no row, or it expired", () => {
    expect(decideIdempotency(undefined, "h1", now)).toEqual({ kind: "vacant" });
    expect(decideIdempotency({ ...answered, expiresAt: now }, "h2", now)).toEqual({ kind: "vacant" });
    expect(decideIdempotency({ ...answered, expiresAt: at(1) }, "h1", now).kind).toBe("replay");
  });

  it("replays the first answer to the same request", () => {
    expect(decideIdempotency(answered, "h1", now)).toEqual({ kind: "replay", status: 201, body: '{"id":"t1"}' });
  });

  it("refuses another request, running or answered", () => {
    expect(decideIdempotency(answered, "h2", now)).toEqual({ kind: "mismatch" });
    expect(decideIdempotency(running, "h2", now)).toEqual({ kind: "mismatch" });
  });

  it("is in progress while the first runs, until its lease ends", () => {
    expect(decideIdempotency(running, "h1", now)).toEqual({ kind: "in_progress" });
    const started = at(-IDEMPOTENCY_LEASE_MS + 1);
    expect(decideIdempotency({ ...running, createdAt: started }, "h1", now)).toEqual({ kind: "in_progress" });
    expect(decideIdempotency({ ...running, createdAt: at(-IDEMPOTENCY_LEASE_MS) }, "h1", now)).toEqual({ kind: "vacant" });
    // An answered row is kept for the full 24 h, however old.
    expect(decideIdempotency({ ...answered, createdAt: at(-IDEMPOTENCY_LEASE_MS * 10) }, "h1", now).kind).toBe("replay");
  });

  it("stores only successes", () => {
    expect([200, 201, 204, 299].every(isStoredStatus)).toBe(true);
    expect([199, 300, 400, 409, 422, 500].some(isStoredStatus)).toBe(false);
  });
});
