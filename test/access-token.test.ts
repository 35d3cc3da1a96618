import { decodeProtectedHeader, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken, TOKEN_AUDIENCE, TOKEN_ISSUER, verifyAccessToken } from "../src/auth/access-token";
import { toBase64Url } from "../src/auth/encoding";
import { api, expectError, registerOrg, type Session } from "./helpers";

const SECRET = "test-only-jwt-secret-0123456789abcdef";
const KEY = new TextEncoder().encode(SECRET);
const NOW = new Date("2031-05-01T12:00:00.000Z");

type Forge = { alg?: string; typ?: string; iss?: string; aud?: string; exp?: number; key?: Uint8Array; sub?: string | null };

/** Signs a token like the Worker does, except for the one thing a case changes. */
function forge(session: Session, options: Forge = {}) {
  const iat = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ org: session.user.orgId, role: session.user.role })
    .setProtectedHeader({ alg: options.alg ?? "HS256", typ: options.typ ?? "at+jwt" })
    .setIssuer(options.iss ?? TOKEN_ISSUER)
    .setAudience(options.aud ?? TOKEN_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(options.exp ?? iat + 600);
  if (options.sub !== null) jwt.setSubject(options.sub ?? session.user.id);
  return jwt.sign(options.key ?? KEY);
}

function encodeJson(value: unknown) {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(value)));
}

function me(token: string) {
  return api("GET", "/api/v1/auth/me", { token });
}

describe("access tokens at the API", () => {
  let admin: Session;
  beforeAll(async () => {
    admin = await registerOrg();
  });

  it("accepts a token forged with every rule kept (the control for the cases below)", async () => {
    expect((await me(await forge(admin))).status).toBe(200);
  });

  it.each<[string, Forge]>([
    ["signed HS384 with the right secret", { alg: "HS384" }],
    ["signed HS512 with the right secret", { alg: "HS512" }],
    ["of the wrong type", { typ: "JWT" }],
    ["from another issuer", { iss: "someone-else" }],
    ["for another audience", { aud: "another-api" }],
    ["already expired", { exp: Math.floor(Date.now() / 1000) - 1 }],
    ["signed with another secret", { key: new TextEncoder().encode("not-the-secret-at-all-0123456789") }],
    ["without a subject", { sub: null }],
    ["naming a user that does not exist", { sub: "no-such-user" }],
  ])("refuses a token %s", async (_, options) => {
    expectError(await me(await forge(admin, options)), 401, "E_UNAUTHORIZED");
  });

  it('refuses an unsigned token (alg "none")', async () => {
    const iat = Math.floor(Date.now() / 1000);
    const header = encodeJson({ alg: "none", typ: "at+jwt" });
    const payload = encodeJson({ sub: admin.user.id, org: admin.user.orgId, role: "admin", iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat, exp: iat + 600 });
    expectError(await me(`${header}.${payload}.`), 401, "E_UNAUTHORIZED");
  });

  it("refuses a token whose signature or payload was tampered with", async () => {
    const [header, payload, signature] = admin.accessToken.split(".") as [string, string, string];
    const flipped = signature.slice(0, 10) + (signature[10] === "A" ? "B" : "A") + signature.slice(11);
    expectError(await me(`${header}.${payload}.${flipped}`), 401, "E_UNAUTHORIZED");
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0))));
    const escalated = encodeJson({ ...claims, sub: "someone-else" });
    expectError(await me(`${header}.${escalated}.${signature}`), 401, "E_UNAUTHORIZED");
  });

  it("refuses a header that is not Bearer", async () => {
    const res = await api("GET", "/api/v1/auth/me", { headers: { Authorization: `Basic ${admin.accessToken}` } });
    expectError(res, 401, "E_UNAUTHORIZED");
  });
});

describe("signAccessToken / verifyAccessToken", () => {
  it("round-trips the claims of a 15-minute HS256 token", async () => {
    const token = await signAccessToken({ userId: "u1", orgId: "o1", role: "agent" }, SECRET, NOW);
    expect(decodeProtectedHeader(token)).toEqual({ alg: "HS256", typ: "at+jwt" });
    const claims = await verifyAccessToken(token, SECRET, NOW);
    expect(claims).toEqual({ sub: "u1", org: "o1", role: "agent", exp: NOW.getTime() / 1000 + ACCESS_TOKEN_TTL_SECONDS });
  });

  it("expires exactly 15 minutes after issue", async () => {
    const token = await signAccessToken({ userId: "u1", orgId: "o1", role: "agent" }, SECRET, NOW);
    const lastSecond = new Date(NOW.getTime() + (ACCESS_TOKEN_TTL_SECONDS - 1) * 1000);
    await expect(verifyAccessToken(token, SECRET, lastSecond)).resolves.toMatchObject({ sub: "u1" });
    const expiry = new Date(NOW.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1000);
    await expect(verifyAccessToken(token, SECRET, expiry)).rejects.toMatchObject({ status: 401, code: "E_UNAUTHORIZED" });
  });

  it("checks a token it has verified before again for expiry, and never takes it under another secret", async () => {
    const token = await signAccessToken({ userId: "u1", orgId: "o1", role: "agent" }, SECRET, NOW);
    await expect(verifyAccessToken(token, SECRET, NOW)).resolves.toMatchObject({ sub: "u1" });
    await expect(verifyAccessToken(token, `${SECRET}-rotated`, NOW)).rejects.toMatchObject({ status: 401, message: "The access token is not valid." });
    const expiry = new Date(NOW.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1000);
    await expect(verifyAccessToken(token, SECRET, expiry)).rejects.toMatchObject({ status: 401, message: "The access token has expired." });
    await expect(verifyAccessToken(token, SECRET, NOW)).resolves.toMatchObject({ sub: "u1" });
  });

  it("refuses a role it does not know", async () => {
    const iat = Math.floor(NOW.getTime() / 1000);
    const token = await new SignJWT({ org: "o1", role: "superuser" })
      .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
      .setSubject("u1")
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 60)
      .sign(KEY);
    await expect(verifyAccessToken(token, SECRET, NOW)).rejects.toMatchObject({ status: 401 });
  });
});
