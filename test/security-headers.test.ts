import { exports } from "cloudflare:workers";
import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { api, expectError, registerOrg } from "./helpers";

const bindings = env as unknown as { CORS_ORIGINS: string };
const configured = bindings.CORS_ORIGINS;
afterEach(() => {
  bindings.CORS_ORIGINS = configured;
});

const fetchAt = (url: string, init: RequestInit = {}) => exports.default.fetch(url, init);

const preflight = (origin: string) =>
  fetchAt("http://slaguard.test/api/v1/tickets", {
    method: "OPTIONS",
    headers: { Origin: origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization, content-type" },
  });

describe("security headers", () => {
  it("sends nosniff, no-referrer, no framing and a deny-all CSP on answers and errors", async () => {
    const admin = await registerOrg("Headers");
    for (const res of [await api("GET", "/api/v1/auth/me", { token: admin.accessToken }), await api("GET", "/api/v1/no-such-thing"), await api("GET", "/health")]) {
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(res.headers.get("Referrer-Policy")).toBe("no-referrer");
      expect(res.headers.get("X-Frame-Options")).toBe("DENY");
      expect(res.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
      expect(res.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
      // Plain http (as local runs are): a browser would ignore HSTS, so none is sent.
      expect(res.headers.get("Strict-Transport-Security")).toBeNull();
    }
  });

  it("sends Strict-Transport-Security on https answers", async () => {
    const res = await fetchAt("https://slaguard.test/health");
    expect(res.headers.get("Strict-Transport-Security")).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    const error = await fetchAt("https://slaguard.test/api/v1/auth/me");
    expect(error.status).toBe(401);
    expect(error.headers.get("Strict-Transport-Security")).not.toBeNull();
  });
});

describe("CORS from CORS_ORIGINS", () => {
  it("allows no other origin by default, while still answering the preflight", async () => {
    expect(configured).toBe("");
    const res = await preflight("https://evil.example");
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
    const get = await fetchAt("http://slaguard.test/health", { headers: { Origin: "https://evil.example" } });
    expect(get.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("allows a listed origin, with the headers a client needs, never with credentials", async () => {
    bindings.CORS_ORIGINS = "https://desk.example, https://other.example";
    const res = await preflight("https://desk.example");
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("https://desk.example");
    expect(res.headers.get("Access-Control-Allow-Methods")).toContain("PATCH");
    expect(res.headers.get("Access-Control-Allow-Headers")?.toLowerCase()).toContain("authorization");
    expect(res.headers.get("Access-Control-Allow-Credentials")).toBeNull();
    expect(res.headers.get("Vary")).toContain("Origin");

    const admin = await registerOrg("Cors");
    const me = await api("GET", "/api/v1/auth/me", { token: admin.accessToken, headers: { Origin: "https://desk.example" } });
    expect(me.headers.get("Access-Control-Allow-Origin")).toBe("https://desk.example");
    expect(me.headers.get("Access-Control-Expose-Headers")).toContain("X-Request-Id");
    const unlisted = await preflight("https://evil.example");
    expect(unlisted.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("answers * for any origin only without credentials", async () => {
    bindings.CORS_ORIGINS = "*";
    const res = await preflight("https://anyone.example");
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(res.headers.get("Access-Control-Allow-Credentials")).toBeNull();
    expectError(await api("GET", "/api/v1/auth/me", { headers: { Origin: "https://anyone.example" } }), 401, "E_UNAUTHORIZED");
  });
});
