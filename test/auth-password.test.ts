import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createDb } from "../src/db/client";
import { resetPassword } from "../src/services/password-reset";
import { api, expectError, PASSWORD, registerOrg, uniqueEmail } from "./helpers";

const ME = "/api/v1/auth/me";
const NEW_PASSWORD = "a-brand-new-passphrase";
const PEPPER = "test-only-pepper";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function login(email: string, password: string) {
  return api("POST", "/api/v1/auth/login", { body: { email, password } });
}

function refresh(refreshToken: string) {
  return api("POST", "/api/v1/auth/refresh", { body: { refreshToken } });
}

/** Asks for a reset and reads the token from the log line, the only place it is written. */
async function requestReset(email: string): Promise<string | undefined> {
  const info = vi.spyOn(console, "info").mockImplementation(() => {});
  const res = await api("POST", "/api/v1/auth/forgot-password", { body: { email } });
  expect(res.status, res.text).toBe(202);
  expect(res.json).toEqual({});
  const line = info.mock.calls.map(([text]) => JSON.parse(String(text))).find((entry) => entry.event === "password_reset_requested");
  info.mockRestore();
  return line?.resetToken;
}

function reset(token: string, password = NEW_PASSWORD) {
  return api("POST", "/api/v1/auth/reset-password", { body: { token, password } });
}

describe("GET /auth/me", () => {
  it("answers the caller without internals", async () => {
    const admin = await registerOrg();
    const res = await api("GET", ME, { token: admin.accessToken });
    expect(res.status).toBe(200);
    expect(res.json).toEqual(admin.user);
    expect(res.json).not.toHaveProperty("passwordHash");
  });

  it("answers 401 without a token, with a malformed one, and for a deactivated account", async () => {
    expectError(await api("GET", ME), 401, "E_UNAUTHORIZED");
    expectError(await api("GET", ME, { token: "not.a.jwt" }), 401, "E_UNAUTHORIZED");
    const admin = await registerOrg();
    await env.DB.prepare("UPDATE users SET active = 0 WHERE id = ?").bind(admin.user.id).run();
    expectError(await api("GET", ME, { token: admin.accessToken }), 401, "E_UNAUTHORIZED");
  });
});

describe("PATCH /auth/me", () => {
  it("renames the caller", async () => {
    const admin = await registerOrg();
    const res = await api("PATCH", ME, { token: admin.accessToken, body: { name: "  Ada L.  " } });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ id: admin.user.id, name: "Ada L." });
    expect((await api("GET", ME, { token: admin.accessToken })).json.name).toBe("Ada L.");
  });

  it("changes the password with the current one and ends every refresh token", async () => {
    const admin = await registerOrg();
    const res = await api("PATCH", ME, { token: admin.accessToken, body: { password: NEW_PASSWORD, currentPassword: PASSWORD } });
    expect(res.status, res.text).toBe(200);
    expectError(await refresh(admin.refreshToken), 401, "E_INVALID_REFRESH_TOKEN");
    expectError(await login(admin.user.email, PASSWORD), 401, "E_INVALID_CREDENTIALS");
    expect((await login(admin.user.email, NEW_PASSWORD)).status).toBe(200);
  });

  it("refuses a wrong current password and changes nothing", async () => {
    const admin = await registerOrg();
    const res = await api("PATCH", ME, { token: admin.accessToken, body: { password: NEW_PASSWORD, currentPassword: "not-my-password" } });
    expectError(res, 401, "E_INVALID_CREDENTIALS");
    expect((await login(admin.user.email, PASSWORD)).status).toBe(200);
    expect((await refresh(admin.refreshToken)).status).toBe(200);
  });

  it.each([
    ["a new password without the current one", { password: NEW_PASSWORD }, "currentPassword"],
    ["an unknown field", { name: "X", role: "requester" }, "role"],
    ["a wrong type", { name: 7 }, "name"],
    ["a short new password", { password: "short", currentPassword: PASSWORD }, "password"],
  ])("answers 400 naming the field for %s", async (_, body, path) => {
    const admin = await registerOrg();
    const error = expectError(await api("PATCH", ME, { token: admin.accessToken, body }), 400, "E_VALIDATION");
    expect(error.details.issues?.map((issue) => issue.path)).toContain(path);
  });

  it("answers 401 without a token", async () => {
    expectError(await api("PATCH", ME, { body: { name: "X" } }), 401, "E_UNAUTHORIZED");
  });
});

describe("POST /auth/forgot-password", () => {
  it("answers the same 202 for an unknown email and writes no token", async () => {
    expect(await requestReset(uniqueEmail("nobody"))).toBeUndefined();
  });

  it("logs a token for a known email and stores only its hash", async () => {
    const admin = await registerOrg();
    const token = await requestReset(admin.user.email);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await env.DB.prepare("SELECT token_hash FROM password_resets WHERE user_id = ?").bind(admin.user.id).first<{ token_hash: string }>();
    expect(row?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.token_hash).not.toBe(token);
  });

  it("refuses a malformed email", async () => {
    const error = expectError(await api("POST", "/api/v1/auth/forgot-password", { body: { email: "nope" } }), 400, "E_VALIDATION");
    expect(error.details.issues?.map((issue) => issue.path)).toEqual(["email"]);
  });
});

describe("POST /auth/reset-password", () => {
  it("sets the new password, clears the lockout, ends every session and works once", async () => {
    const admin = await registerOrg();
    for (let i = 0; i < 5; i++) await login(admin.user.email, "wrong-password-123");
    expectError(await login(admin.user.email, PASSWORD), 423, "E_ACCOUNT_LOCKED");
    const token = (await requestReset(admin.user.email))!;

    const res = await reset(token);
    expect(res.status, res.text).toBe(204);
    expectError(await refresh(admin.refreshToken), 401, "E_INVALID_REFRESH_TOKEN");
    expect((await login(admin.user.email, NEW_PASSWORD)).status).toBe(200);
    expectError(await reset(token, "yet-another-passphrase"), 400, "E_INVALID_RESET_TOKEN");
    expect((await login(admin.user.email, NEW_PASSWORD)).status).toBe(200);
  });

  it("spends older outstanding tokens along with the one used", async () => {
    const admin = await registerOrg();
    const older = (await requestReset(admin.user.email))!;
    const newer = (await requestReset(admin.user.email))!;
    expect((await reset(newer)).status).toBe(204);
    expectError(await reset(older), 400, "E_INVALID_RESET_TOKEN");
  });

  it("lets only one of two concurrent uses of a token change the password", async () => {
    // Called directly so both uses read the unused token before either writes.
    const admin = await registerOrg();
    const token = (await requestReset(admin.user.email))!;
    const db = createDb(env.DB);
    const passwords = ["first-racer-passphrase", "second-racer-passphrase"];
    const results = await Promise.allSettled(passwords.map((password) => resetPassword(db, PEPPER, token, password, new Date())));
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    const winner = passwords[results.findIndex((result) => result.status === "fulfilled")]!;
    const loser = passwords.find((password) => password !== winner)!;
    expect((await login(admin.user.email, winner)).status).toBe(200);
    expectError(await login(admin.user.email, loser), 401, "E_INVALID_CREDENTIALS");
  });

  it("refuses a token after its hour", async () => {
    const admin = await registerOrg();
    const token = (await requestReset(admin.user.email))!;
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 60 * 60_000 + 1000);
    expectError(await reset(token), 400, "E_INVALID_RESET_TOKEN");
    vi.useRealTimers();
    expect((await login(admin.user.email, PASSWORD)).status).toBe(200);
  });

  it("refuses an unknown token", async () => {
    expectError(await reset("never-issued-token"), 400, "E_INVALID_RESET_TOKEN");
  });

  it.each([
    ["a missing token", { password: NEW_PASSWORD }, "token"],
    ["a short password", { token: "abc", password: "short" }, "password"],
    ["an unknown field", { token: "abc", password: NEW_PASSWORD, email: "x@example.test" }, "email"],
  ])("answers 400 naming the field for %s", async (_, body, path) => {
    const error = expectError(await api("POST", "/api/v1/auth/reset-password", { body }), 400, "E_VALIDATION");
    expect(error.details.issues?.map((issue) => issue.path)).toContain(path);
  });
});
