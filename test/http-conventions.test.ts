import { describe, expect, it } from "vitest";
import { api, expectError } from "./helpers";

const ONE_MIB = 1024 * 1024;

/** A body of `size` bytes that announces no length, as a chunked upload does. */
function streamOf(size: number, chunk = 64 * 1024) {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) return controller.close();
      const length = Math.min(chunk, size - sent);
      controller.enqueue(new TextEncoder().encode("x".repeat(length)));
      sent += length;
    },
  });
}

describe("errors share one envelope", () => {
  it("answers an unknown route with 404 E_NOT_FOUND", async () => {
    expectError(await api("GET", "/api/v1/no-such-thing"), 404, "E_NOT_FOUND");
    expectError(await api("GET", "/no-such-page"), 404, "E_NOT_FOUND");
  });

  it("answers a known path asked with the wrong method with 405 and Allow", async () => {
    const health = await api("DELETE", "/health");
    expectError(health, 405, "E_METHOD_NOT_ALLOWED");
    expect(health.headers.get("Allow")?.split(", ").sort()).toEqual(["GET", "HEAD"]);

    const login = await api("GET", "/api/v1/auth/login");
    expectError(login, 405, "E_METHOD_NOT_ALLOWED");
    expect(login.headers.get("Allow")).toBe("POST");

    const teams = await api("DELETE", "/api/v1/teams");
    expectError(teams, 405, "E_METHOD_NOT_ALLOWED");
    expect(teams.headers.get("Allow")?.split(", ")).toEqual(expect.arrayContaining(["GET", "POST"]));
  });

  it("refuses JSON that does not parse with 400 E_MALFORMED_JSON", async () => {
    expectError(await api("POST", "/api/v1/auth/login", { body: '{"email": "a@b.test",' }), 400, "E_MALFORMED_JSON");
  });

  it("refuses a body that is not JSON with 415", async () => {
    const res = await api("POST", "/api/v1/auth/login", { body: "email=a@b.test", headers: { "Content-Type": "text/plain" } });
    expectError(res, 415, "E_UNSUPPORTED_MEDIA_TYPE");
  });

  it("refuses a body over 1 MiB with 413 when it announces its length", async () => {
    const body = JSON.stringify({ email: "a@b.test", password: "x".repeat(ONE_MIB) });
    expectError(await api("POST", "/api/v1/auth/login", { body }), 413, "E_PAYLOAD_TOO_LARGE");
  });

  it("refuses a body over 1 MiB with 413 when it is streamed without a length", async () => {
    expectError(await api("POST", "/api/v1/auth/login", { body: streamOf(ONE_MIB + 1) }), 413, "E_PAYLOAD_TOO_LARGE");
  });

  it("never answers an error in HTML or plain text", async () => {
    const answers = await Promise.all([
      api("GET", "/api/v1/nope"),
      api("PUT", "/health"),
      api("POST", "/api/v1/auth/login", { body: "<html>", headers: { "Content-Type": "text/html" } }),
      api("POST", "/api/v1/auth/login", { body: "[" }),
      api("GET", "/api/v1/users"),
    ]);
    for (const res of answers) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    }
  });
});

describe("validation names every bad field", () => {
  const issuePaths = (details: { issues?: { path: string; message: string }[] }) => {
    for (const issue of details.issues ?? []) expect(issue.message).toEqual(expect.any(String));
    return (details.issues ?? []).map((issue) => issue.path).sort();
  };

  it("lists each missing field of register", async () => {
    const { details } = expectError(await api("POST", "/api/v1/auth/register", { body: {} }), 400, "E_VALIDATION");
    expect(issuePaths(details)).toEqual(["email", "name", "organization", "password"]);
  });

  it("refuses a field register does not know, by name", async () => {
    const body = { email: "new@example.test", password: "long-enough-pw", name: "N", organization: "O", role: "admin", isAdmin: true };
    const { details } = expectError(await api("POST", "/api/v1/auth/register", { body }), 400, "E_VALIDATION");
    expect(issuePaths(details)).toEqual(["isAdmin", "role"]);
  });

  it("names each field of the wrong type", async () => {
    const body = { email: 42, password: ["long-enough-pw"], name: null, organization: { name: "O" } };
    const { details } = expectError(await api("POST", "/api/v1/auth/register", { body }), 400, "E_VALIDATION");
    expect(issuePaths(details)).toEqual(["email", "name", "organization", "password"]);
  });
});

describe("request ids", () => {
  it("puts X-Request-Id on every answer, errors included", async () => {
    const answers = await Promise.all([
      api("GET", "/health"),
      api("GET", "/openapi.json"),
      api("GET", "/nowhere"),
      api("PATCH", "/health"),
      api("POST", "/api/v1/auth/login", { body: "{" }),
    ]);
    for (const res of answers) expect(res.headers.get("X-Request-Id")).toMatch(/^[A-Za-z0-9._-]{8,128}$/);
  });

  it("echoes a client's well-formed X-Request-Id and replaces a malformed one", async () => {
    const kept = await api("GET", "/api/v1/nope", { headers: { "X-Request-Id": "trace-1234.abcd_EF" } });
    expect(kept.headers.get("X-Request-Id")).toBe("trace-1234.abcd_EF");
    expect(kept.json.requestId).toBe("trace-1234.abcd_EF");

    const replaced = await api("GET", "/health", { headers: { "X-Request-Id": "<script>alert(1)</script>" } });
    expect(replaced.headers.get("X-Request-Id")).not.toContain("<");
  });
});

describe("operations and docs", () => {
  it("answers /health and /ready", async () => {
    expect((await api("GET", "/health")).json).toEqual({ status: "ok" });
    expect((await api("GET", "/ready")).json).toEqual({ status: "ok" });
  });

  it("describes the API as OpenAPI 3.1 with bearer auth", async () => {
    const res = await api("GET", "/openapi.json");
    expect(res.status).toBe(200);
    expect(res.json.openapi).toMatch(/^3\.1\.\d+$/);
    expect(Object.keys(res.json.paths)).toEqual(expect.arrayContaining(["/api/v1/auth/login", "/api/v1/users", "/api/v1/teams"]));
    expect(res.json.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("leaves /docs to the static assets: the Worker has no such route", async () => {
    // public/docs/ (scripts/build-docs.mjs) serves the UI; test/e2e/docs-offline.mjs checks it in a browser.
    expectError(await api("GET", "/docs"), 404, "E_NOT_FOUND");
  });
});
