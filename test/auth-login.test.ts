import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { toBase64Url } from "../src/auth/encoding";
import { formatPasswordHash, PBKDF2_ITERATIONS } from "../src/domain/password-hash";
import { api, expectError, PASSWORD, registerOrg, uniqueEmail } from "./helpers";

const LOGIN = "/api/v1/auth/login";
const PEPPER = "test-only-pepper";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function login(email: string, password = PASSWORD) {
  return api("POST", LOGIN, { body: { email, password } });
}

async function failTimes(email: string, times: number) {
  for (let i = 0; i < times; i++) expectError(await login(email, "wrong-password-123"), 401, "E_INVALID_CREDENTIALS");
}

function storedUser(email: string) {
  return env.DB.prepare("SELECT password_hash, failed_logins, locked_until, active FROM users WHERE email = ?")
    .bind(email)
    .first<{ password_hash: string; failed_logins: number; locked_until: number | null; active: number }>();
}

/** Moves the Worker's clock (it reads `new Date()` per request, in this same isolate). */
function setClock(at: Date | number) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(at);
}

describe("POST /auth/register", () => {
  it("creates an organization whose first user is an admin, and signs them in", async () => {
    const email = uniqueEmail("founder");
    const res = await api("POST", "/api/v1/auth/register", {
      body: { email: email.toUpperCase(), password: PASSWORD, name: "Grace", organization: "Hopper Inc" },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });
    expect(res.json.user).toMatchObject({ email, name: "Grace", role: "admin", active: true, orgId: expect.any(String) });
    expect(res.json.user).not.toHaveProperty("passwordHash");
    const org = await env.DB.prepare("SELECT name FROM organizations WHERE id = ?").bind(res.json.user.orgId).first<{ name: string }>();
    expect(org?.name).toBe("Hopper Inc");
    const me = await api("GET", "/api/v1/auth/me", { token: res.json.accessToken });
    expect(me.json).toMatchObject({ id: res.json.user.id, role: "admin" });
  });

  it("refuses an email that is taken, whatever its case, without creating a second organization", async () => {
    const admin = await registerOrg();
    const before = await env.DB.prepare("SELECT count(*) AS n FROM organizations").first<{ n: number }>();
    const res = await api("POST", "/api/v1/auth/register", {
      body: { email: admin.user.email.toUpperCase(), password: PASSWORD, name: "Copy", organization: "Copycat" },
    });
    expectError(res, 409, "E_EMAIL_TAKEN");
    const after = await env.DB.prepare("SELECT count(*) AS n FROM organizations").first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
  });

  it.each([
    ["a missing field", { email: "x@example.test", password: PASSWORD, name: "X" }, "organization"],
    ["an unknown field", { email: "x@example.test", password: PASSWORD, name: "X", organization: "O", role: "admin" }, "role"],
    ["a wrong type", { email: "x@example.test", password: 1234567890123, name: "X", organization: "O" }, "password"],
    ["a short password", { email: "x@example.test", password: "short", name: "X", organization: "O" }, "password"],
    ["a malformed email", { email: "not-an-email", password: PASSWORD, name: "X", organization: "O" }, "email"],
  ])("answers 400 naming the field for %s", async (_, body, path) => {
    const error = expectError(await api("POST", "/api/v1/auth/register", { body }), 400, "E_VALIDATION");
    expect(error.details.issues?.map((issue) => issue.path)).toContain(path);
  });
});

describe("POST /auth/login", () => {
  it("signs in with the right password, email case ignored", async () => {
    const admin = await registerOrg();
    const res = await login(admin.user.email.toUpperCase());
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ expiresIn: 900, user: { id: admin.user.id, role: "admin" } });
    expect(res.json.refreshToken).not.toBe(admin.refreshToken);
  });

  it("answers a wrong password, an unknown email and a deactivated account the same way", async () => {
    const admin = await registerOrg();
    const wrong = expectError(await login(admin.user.email, "not-the-password"), 401, "E_INVALID_CREDENTIALS");
    const unknown = expectError(await login(uniqueEmail("nobody")), 401, "E_INVALID_CREDENTIALS");
    await env.DB.prepare("UPDATE users SET active = 0 WHERE id = ?").bind(admin.user.id).run();
    const deactivated = expectError(await login(admin.user.email), 401, "E_INVALID_CREDENTIALS");
    expect(unknown.message).toBe(wrong.message);
    expect(deactivated.message).toBe(wrong.message);
    expect(unknown.details).toEqual(wrong.details);
  });

  it("spends a full password hash on an unknown email too, so timing does not tell", async () => {
    const admin = await registerOrg();
    const derive = vi.spyOn(crypto.subtle, "deriveBits");
    await login(admin.user.email, "not-the-password");
    await login(uniqueEmail("nobody"));
    expect(derive).toHaveBeenCalledTimes(2);
    for (const [params] of derive.mock.calls) expect(params).toMatchObject({ name: "PBKDF2", iterations: PBKDF2_ITERATIONS });
  });

  it("locks the account on the 5th failure for 15 minutes, even for the right password", async () => {
    const admin = await registerOrg();
    const start = Date.parse("2031-03-01T10:00:00.000Z");
    setClock(start);
    await failTimes(admin.user.email, 4);
    const locking = expectError(await login(admin.user.email, "wrong-password-123"), 423, "E_ACCOUNT_LOCKED");
    expect(locking.details.lockedUntil).toBe("2031-03-01T10:15:00.000Z");

    setClock(start + 15 * 60_000 - 1);
    const locked = await login(admin.user.email);
    expect(expectError(locked, 423, "E_ACCOUNT_LOCKED").details.lockedUntil).toBe("2031-03-01T10:15:00.000Z");
    expect(locked.headers.get("Retry-After")).toBe("1");

    setClock(start + 15 * 60_000);
    expect((await login(admin.user.email)).status).toBe(200);
    expect(await storedUser(admin.user.email)).toMatchObject({ failed_logins: 0, locked_until: null });
  });

  it("starts counting afresh once a lock has run out", async () => {
    const admin = await registerOrg();
    const start = Date.parse("2031-04-01T10:00:00.000Z");
    setClock(start);
    await failTimes(admin.user.email, 4);
    expectError(await login(admin.user.email, "wrong-password-123"), 423, "E_ACCOUNT_LOCKED");
    setClock(start + 16 * 60_000);
    await failTimes(admin.user.email, 4);
    expect(await storedUser(admin.user.email)).toMatchObject({ failed_logins: 4, locked_until: null });
    expectError(await login(admin.user.email, "wrong-password-123"), 423, "E_ACCOUNT_LOCKED");
  });

  it("forgets earlier failures after a successful sign-in", async () => {
    const admin = await registerOrg();
    await failTimes(admin.user.email, 4);
    expect((await login(admin.user.email)).status).toBe(200);
    await failTimes(admin.user.email, 4);
    expect(await storedUser(admin.user.email)).toMatchObject({ failed_logins: 4, locked_until: null });
  });

  it("counts every one of several concurrent failures", async () => {
    const admin = await registerOrg();
    const answers = await Promise.all(Array.from({ length: 5 }, () => login(admin.user.email, "wrong-password-123")));
    expect(answers.map((res) => res.status).sort()).toEqual([401, 401, 401, 401, 423]);
    expectError(await login(admin.user.email), 423, "E_ACCOUNT_LOCKED");
  });

  it("re-hashes a password stored with fewer iterations than today's", async () => {
    const admin = await registerOrg();
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(PASSWORD + PEPPER), "PBKDF2", false, ["deriveBits"]);
    const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations: 1000 }, key, 256);
    const weak = formatPasswordHash({ algorithm: "pbkdf2-sha256", iterations: 1000, salt: toBase64Url(salt), hash: toBase64Url(new Uint8Array(bits)) });
    await env.DB.prepare("UPDATE users SET password_hash = ? WHERE id = ?").bind(weak, admin.user.id).run();

    expect((await login(admin.user.email)).status).toBe(200);
    const stored = await storedUser(admin.user.email);
    expect(stored?.password_hash).toMatch(new RegExp(`^pbkdf2-sha256\\$${PBKDF2_ITERATIONS}\\$`));
    expect((await login(admin.user.email)).status).toBe(200);
  });

  it.each([
    ["a missing password", { email: "x@example.test" }, "password"],
    ["an unknown field", { email: "x@example.test", password: PASSWORD, remember: true }, "remember"],
    ["a wrong type", { email: ["x@example.test"], password: PASSWORD }, "email"],
  ])("answers 400 naming the field for %s", async (_, body, path) => {
    const error = expectError(await api("POST", LOGIN, { body }), 400, "E_VALIDATION");
    expect(error.details.issues?.map((issue) => issue.path)).toContain(path);
  });
});
