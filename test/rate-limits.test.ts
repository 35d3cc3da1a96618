import { describe, expect, it } from "vitest";
import { api, createUser, expectError, PASSWORD, registerOrg, type Session } from "./helpers";
import { newTeam, upgrade } from "./live-helpers";

const MINUTE_MS = 60_000;
const minuteOf = (ms: number) => Math.floor(ms / MINUTE_MS);

/**
 * Runs `burst` inside one of the limiter's minute windows (aligned to the clock's minutes): when
 * the minute turned while it ran, the counts straddle two windows, so it runs again with fresh keys
 * (the next burst starts at the top of a minute and finishes long before the next turn).
 */
async function withinOneWindow<T>(burst: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    const started = Date.now();
    const result = await burst();
    if (minuteOf(Date.now()) === minuteOf(started) || attempt === 2) return result;
  }
}

/** The seconds from `at` to the end of its minute, as Retry-After should say. */
const toMinuteEnd = (at: number) => Math.ceil(((minuteOf(at) + 1) * MINUTE_MS - at) / 1000);

let ip = 0;
/** A client address of its own per test, so login counts never meet across tests. */
const nextIp = () => `203.0.113.${(ip += 1)}`;

// A hundred requests one after another: seconds on a loaded machine, well over the default 5 s.
describe("rate limits (contract §1)", { timeout: 60_000 }, () => {
  it("refuses a user's 101st request in a minute with 429 and Retry-After to the window's end", async () => {
    const admin = await registerOrg("Limits");
    const { answers, first, last } = await withinOneWindow(async () => {
      const agent: Session = await createUser(admin, "agent");
      // createUser's own sign-in does not count: the limit is on requests made with the token.
      const first = Date.now();
      const answers = [];
      for (let i = 0; i < 101; i += 1) answers.push(await api("GET", "/api/v1/auth/me", { token: agent.accessToken }));
      return { answers, first, last: Date.now() };
    });
    expect(answers.slice(0, 100).map((res) => res.status)).toEqual(Array(100).fill(200));
    const refused = expectError(answers[100]!, 429, "E_RATE_LIMITED");
    const retryAfter = Number(answers[100]!.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThanOrEqual(toMinuteEnd(last) - 1);
    expect(retryAfter).toBeLessThanOrEqual(toMinuteEnd(first));
    expect(refused.details.retryAfterSeconds).toBe(retryAfter);
  });

  it("counts per user: another user of the same organization goes on", async () => {
    const admin = await registerOrg("Limits");
    const [limited, other] = await withinOneWindow(async () => {
      const agent = await createUser(admin, "agent");
      for (let i = 0; i < 100; i += 1) await api("GET", "/api/v1/auth/me", { token: agent.accessToken });
      return [await api("GET", "/api/v1/auth/me", { token: agent.accessToken }), await api("GET", "/api/v1/auth/me", { token: admin.accessToken })];
    });
    expectError(limited, 429, "E_RATE_LIMITED");
    expect(other.status).toBe(200);
  });

  it("counts opening a live socket with a one-time ticket as one of the user's requests", async () => {
    const admin = await registerOrg("Sockets");
    const team = await newTeam(admin, []);
    const opened = await withinOneWindow(async () => {
      const manager = await createUser(admin, "manager");
      for (let i = 0; i < 99; i += 1) await api("GET", "/api/v1/auth/me", { token: manager.accessToken });
      const issued = await api("POST", `/api/v1/teams/${team.id}/live/ticket`, { token: manager.accessToken });
      expect(issued.status, issued.text).toBe(201);
      return upgrade(team.id, { query: `?ticket=${encodeURIComponent(issued.json.ticket)}` });
    });
    const text = await opened.text();
    expect(opened.webSocket).toBeNull();
    expectError({ status: opened.status, headers: opened.headers, text, json: JSON.parse(text) }, 429, "E_RATE_LIMITED");
    expect(Number(opened.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
  });

  it("refuses the 11th sign-in attempt per (IP, email) with 429, ahead of the lockout", async () => {
    const admin = await registerOrg("Logins");
    const { answers, sameEmailElsewhere, sameIpOtherEmail } = await withinOneWindow(async () => {
      const from = nextIp();
      const attempt = (email: string, password: string, at = from) =>
        api("POST", "/api/v1/auth/login", { body: { email, password }, headers: { "CF-Connecting-IP": at } });
      const answers = [];
      for (let i = 0; i < 10; i += 1) answers.push(await attempt(admin.user.email, "wrong-password-123"));
      // The right password, on a locked account: the limiter answers first.
      answers.push(await attempt(admin.user.email, PASSWORD));
      return { answers, sameEmailElsewhere: await attempt(admin.user.email, PASSWORD, nextIp()), sameIpOtherEmail: await attempt("nobody@example.test", PASSWORD) };
    });
    expect(answers.slice(0, 10).map((res) => res.status)).toEqual([401, 401, 401, 401, 423, 423, 423, 423, 423, 423]);
    expectError(answers[10]!, 429, "E_RATE_LIMITED");
    expect(Number(answers[10]!.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    // Another address is not held back by this one (the account is still locked: 423), nor is
    // another email from the same address (unknown: 401).
    expectError(sameEmailElsewhere, 423, "E_ACCOUNT_LOCKED");
    expectError(sameIpOtherEmail, 401, "E_INVALID_CREDENTIALS");
  });

  it("refuses a 2 MiB JSON body with 413 before reading it", async () => {
    const admin = await registerOrg("Bodies");
    const title = "x".repeat(2 * 1024 * 1024);
    const res = await api("POST", "/api/v1/tickets", { token: admin.accessToken, body: { title, description: "big" } });
    expectError(res, 413, "E_PAYLOAD_TOO_LARGE");
  });
});
