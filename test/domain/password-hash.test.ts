import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DECOY_PASSWORD_HASH, hashPassword, verifyPassword } from "../../src/auth/password";
import { formatPasswordHash, needsRehash, parsePasswordHash, PBKDF2_ITERATIONS, type PasswordHashParams } from "../../src/domain/password-hash";

const base64Url = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const params = fc.record({
  algorithm: fc.constant("pbkdf2-sha256" as const),
  iterations: fc.integer({ min: 1, max: 10_000_000 }),
  salt: base64Url,
  hash: base64Url,
});

describe("password hash format", () => {
  it("parses back exactly what it formats", () => {
    fc.assert(
      fc.property(params, (p: PasswordHashParams) => {
        expect(parsePasswordHash(formatPasswordHash(p))).toEqual(p);
      }),
    );
  });

  it("asks for a re-hash exactly when the iterations are below today's", () => {
    fc.assert(fc.property(params, (p) => needsRehash(p) === p.iterations < PBKDF2_ITERATIONS));
  });

  it("never throws on arbitrary text, and reads only well-formed parameters", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 6 }).map((parts) => ["pbkdf2-sha256", ...parts].join("$"))), (text) => {
        const parsed = parsePasswordHash(text);
        return parsed === null || (Number.isInteger(parsed.iterations) && parsed.iterations >= 1 && parsed.salt !== "" && parsed.hash !== "");
      }),
    );
  });

  it.each([
    ["another algorithm", "bcrypt$100000$c2FsdA$aGFzaA"],
    ["zero iterations", "pbkdf2-sha256$0$c2FsdA$aGFzaA"],
    ["fractional iterations", "pbkdf2-sha256$1.5$c2FsdA$aGFzaA"],
    ["a missing hash", "pbkdf2-sha256$100000$c2FsdA"],
    ["an extra part", "pbkdf2-sha256$100000$c2FsdA$aGFzaA$more"],
    ["an empty salt", "pbkdf2-sha256$100000$$aGFzaA"],
  ])("refuses %s", (_, text) => {
    expect(parsePasswordHash(text)).toBeNull();
  });
});

describe("hashPassword / verifyPassword", () => {
  const PEPPER = "pepper-for-this-test";

  it("records today's parameters with a fresh salt, and verifies only the right password and pepper", async () => {
    const first = await hashPassword("correct horse battery", PEPPER);
    const second = await hashPassword("correct horse battery", PEPPER);
    expect(parsePasswordHash(first)).toMatchObject({ algorithm: "pbkdf2-sha256", iterations: PBKDF2_ITERATIONS });
    expect(parsePasswordHash(first)?.salt).not.toBe(parsePasswordHash(second)?.salt);
    expect(await verifyPassword("correct horse battery", first, PEPPER)).toBe(true);
    expect(await verifyPassword("correct horse batterY", first, PEPPER)).toBe(false);
    expect(await verifyPassword("correct horse battery", first, "another-pepper")).toBe(false);
  });

  it("never matches an unreadable hash or the decoy", async () => {
    expect(await verifyPassword("anything at all", "not-a-hash", PEPPER)).toBe(false);
    expect(parsePasswordHash(DECOY_PASSWORD_HASH)).toMatchObject({ iterations: PBKDF2_ITERATIONS });
    expect(await verifyPassword("", DECOY_PASSWORD_HASH, PEPPER)).toBe(false);
  });
});
