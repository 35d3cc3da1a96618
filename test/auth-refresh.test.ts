import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createDb } from "../src/db/client";
import { refreshSession } from "../src/services/sessions";
import { api, expectError, PASSWORD, registerOrg } from "./helpers";

const REFRESH = "/api/v1/auth/refresh";
const SECRET = "test-only-jwt-secret-0123456789abcdef";

afterEach(() => vi.useRealTimers());

function refresh(refreshToken: string) {
  return api("POST", REFRESH, { body: { refreshToken } });
}

async function signIn(email: string) {
  const res = await api("POST", "/api/v1/auth/login", { body: { email, password: PASSWORD } });
  expect(res.status, res.text).toBe(200);
  return res.json as { accessToken: string; refreshToken: string };
}

describe("POST /auth/refresh", () => {
  it("answers a new pair and spends the presented token", async () => {
    const admin = await registerOrg();
    const res = await refresh(admin.refreshToken);
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ expiresIn: 900, user: { id: admin.user.id } });
    expect(res.json.refreshToken).not.toBe(admin.refreshToken);
    expect((await api("GET", "/api/v1/auth/me", { token: res.json.accessToken })).status).toBe(200);

    const next = await refresh(res.json.refreshToken);
    expect(next.status, next.text).toBe(200);
  });

  it("stores only a hash of the token", async () => {
    const admin = await registerOrg();
    const { results } = await env.DB.prepare("SELECT token_hash FROM refresh_tokens WHERE user_id = ?").bind(admin.user.id).all<{ token_hash: string }>();
    expect(results).toHaveLength(1);
    expect(results[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(results[0]?.token_hash).not.toContain(admin.refreshToken);
  });

  it("revokes the whole chain, the newest token included, when a spent token comes back", async () => {
    const admin = await registerOrg();
    const first = await refresh(admin.refreshToken);
    const second = await refresh(first.json.refreshToken);
    expect(second.status).toBe(200);

    expectError(await refresh(admin.refreshToken), 401, "E_INVALID_REFRESH_TOKEN");
    expectError(await refresh(second.json.refreshToken), 401, "E_INVALID_REFRESH_TOKEN");
  });

  it("leaves the user's other sign-ins alone when one chain is revoked", async () => {
    const admin = await registerOrg();
    const other = await signIn(admin.user.email);
    await refresh(admin.refreshToken);
    expectError(await refresh(admin.refreshToken), 401, "E_INVALID_REFRESH_TOKEN");
    expect((await refresh(other.refreshToken)).status).toBe(200);
  });

  it("lets only one of two concurrent refreshes with the same token succeed", async () => {
    const admin = await registerOrg();
    const answers = await Promise.all([refresh(admin.refreshToken), refresh(admin.refreshToken)]);
    expect(answers.map((res) => res.status).sort()).toEqual([200, 401]);
    const { n } = (await env.DB.prepare("SELECT count(*) AS n FROM refresh_tokens WHERE user_id = ?").bind(admin.user.id).first<{ n: number }>())!;
    expect(n).toBe(2);
    // The loser presented a spent token, so the winner's chain is ended too.
    const winner = answers.find((res) => res.status === 200)!;
    expectError(await refresh(winner.json.refreshToken), 401, "E_INVALID_REFRESH_TOKEN");
  });

  it("keeps the rotation atomic when both callers read the token before either writes", async () => {
    // The Worker happens to serve the two requests above one after the other; calling the service
    // directly makes both read the unused token first, so only the batch's guard can stop one.
    const admin = await registerOrg();
    const db = createDb(env.DB);
    const now = new Date();
    const results = await Promise.allSettled([
      refreshSession(db, admin.refreshToken, SECRET, now),
      refreshSession(db, admin.refreshToken, SECRET, now),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((result) => result.status === "rejected");
    expect(rejected?.reason).toMatchObject({ status: 401, code: "E_INVALID_REFRESH_TOKEN" });
    const { n } = (await env.DB.prepare("SELECT count(*) AS n FROM refresh_tokens WHERE user_id = ?").bind(admin.user.id).first<{ n: number }>())!;
    expect(n).toBe(2);
  });

  it("refuses a token past its 7 days", async () => {
    const admin = await registerOrg();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 7 * 24 * 60 * 60_000 + 1000);
    expectError(await refresh(admin.refreshToken), 401, "E_INVALID_REFRESH_TOKEN");
  });

  it("still works just before the 7 days run out", async () => {
    const admin = await registerOrg();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 7 * 24 * 60 * 60_000 - 60_000);
    expect((await refresh(admin.refreshToken)).status).toBe(200);
  });

  it("refuses an unknown token and a deactivated user's token", async () => {
    expectError(await refresh("not-a-token-we-issued"), 401, "E_INVALID_REFRESH_TOKEN");
    const admin = await registerOrg();
    await env.DB.prepare("UPDATE users SET active = 0 WHERE id = ?").bind(admin.user.id).run();
    expectError(await refresh(admin.refreshToken), 401, "E_INVALID_REFRESH_TOKEN");
  });

  it.each([
    ["a missing token", {}, "refreshToken"],
    ["an unknown field", { refreshToken: "abc", userId: "x" }, "userId"],
    ["a wrong type", { refreshToken: 42 }, "refreshToken"],
  ])("answers 400 naming the field for %s", async (_, body, path) => {
    const error = expectError(await api("POST", REFRESH, { body }), 400, "E_VALIDATION");
    expect(error.details.issues?.map((issue) => issue.path)).toContain(path);
  });
});

describe("POST /auth/logout", () => {
  it("ends the chain of the presented token, rotated successors included", async () => {
    const admin = await registerOrg();
    const rotated = await refresh(admin.refreshToken);
    const res = await api("POST", "/api/v1/auth/logout", { body: { refreshToken: rotated.json.refreshToken } });
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expectError(await refresh(rotated.json.refreshToken), 401, "E_INVALID_REFRESH_TOKEN");
  });

  it("answers 204 for a token it never issued", async () => {
    expect((await api("POST", "/api/v1/auth/logout", { body: { refreshToken: "never-issued" } })).status).toBe(204);
  });

  it("refuses a body without the token", async () => {
    const error = expectError(await api("POST", "/api/v1/auth/logout", { body: {} }), 400, "E_VALIDATION");
    expect(error.details.issues?.map((issue) => issue.path)).toEqual(["refreshToken"]);
  });
});
