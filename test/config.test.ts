import { describe, expect, it } from "vitest";
import { DEV_JWT_SECRET, DEV_PASSWORD_PEPPER, jwtSecret, mayLogSecrets, MIN_JWT_SECRET_BYTES, passwordPepper } from "../src/config";
import type { Bindings } from "../src/env";

function bindings(values: { ENVIRONMENT: string; JWT_SECRET?: string; PASSWORD_PEPPER?: string }): Bindings {
  return values as unknown as Bindings;
}

const REAL_SECRET = "a-real-secret-0123456789abcdef0123";

describe.each([
  ["jwtSecret", jwtSecret, "JWT_SECRET", DEV_JWT_SECRET],
  ["passwordPepper", passwordPepper, "PASSWORD_PEPPER", DEV_PASSWORD_PEPPER],
] as const)("%s", (_, read, name, devDefault) => {
  it("answers the configured secret in every environment", () => {
    for (const ENVIRONMENT of ["production", "development", "test"]) {
      expect(read(bindings({ ENVIRONMENT, [name]: REAL_SECRET }))).toBe(REAL_SECRET);
    }
  });

  it("falls back to the dev default only in development and tests", () => {
    expect(read(bindings({ ENVIRONMENT: "development" }))).toBe(devDefault);
    expect(read(bindings({ ENVIRONMENT: "test" }))).toBe(devDefault);
  });

  it.each([
    ["is missing", undefined],
    ["is empty", ""],
    ["is the public dev default", devDefault],
  ])("refuses to run in production when the secret %s", (_, value) => {
    expect(() => read(bindings({ ENVIRONMENT: "production", [name]: value }))).toThrow(
      expect.objectContaining({ status: 500, code: "E_MISCONFIGURED", message: expect.stringContaining(name) }),
    );
  });

  it("treats an unknown environment name as production", () => {
    expect(() => read(bindings({ ENVIRONMENT: "staging" }))).toThrow(expect.objectContaining({ code: "E_MISCONFIGURED" }));
  });
});

describe("jwtSecret's length in production (RFC 8725: at least 256 bits for HS256)", () => {
  it("refuses a secret under 32 bytes, counted in UTF-8, and takes one of 32", () => {
    const short = "é".repeat(MIN_JWT_SECRET_BYTES / 2 - 1) + "x"; // 31 bytes in 16 characters
    expect(() => jwtSecret(bindings({ ENVIRONMENT: "production", JWT_SECRET: short }))).toThrow(
      expect.objectContaining({ status: 500, code: "E_MISCONFIGURED", message: expect.stringContaining("JWT_SECRET") }),
    );
    expect(jwtSecret(bindings({ ENVIRONMENT: "production", JWT_SECRET: `${short}y` }))).toBe(`${short}y`);
  });

  it("leaves development and tests free to use a short one", () => {
    expect(jwtSecret(bindings({ ENVIRONMENT: "development", JWT_SECRET: "short" }))).toBe("short");
    expect(jwtSecret(bindings({ ENVIRONMENT: "test", JWT_SECRET: "short" }))).toBe("short");
  });
});

describe("mayLogSecrets", () => {
  it("allows one-time tokens in the log only outside production", () => {
    expect(mayLogSecrets(bindings({ ENVIRONMENT: "development" }))).toBe(true);
    expect(mayLogSecrets(bindings({ ENVIRONMENT: "test" }))).toBe(true);
    expect(mayLogSecrets(bindings({ ENVIRONMENT: "production" }))).toBe(false);
    expect(mayLogSecrets(bindings({ ENVIRONMENT: "staging" }))).toBe(false);
  });
});
