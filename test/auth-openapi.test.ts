import { expect, it } from "vitest";
import { api } from "./helpers";

const OPERATIONS = [
  ["post", "/register"],
  ["post", "/login"],
  ["post", "/refresh"],
  ["post", "/logout"],
  ["get", "/me"],
  ["patch", "/me"],
  ["post", "/forgot-password"],
  ["post", "/reset-password"],
] as const;

it("documents every auth operation under the Auth tag, with bearer security only where it is needed", async () => {
  const res = await api("GET", "/openapi.json");
  expect(res.status).toBe(200);
  for (const [method, path] of OPERATIONS) {
    const operation = res.json.paths[`/api/v1/auth${path}`]?.[method];
    expect(operation, `${method} ${path}`).toMatchObject({ tags: ["Auth"], summary: expect.any(String) });
    expect(operation.responses["400"] ?? operation.responses["401"], `${method} ${path} errors`).toBeDefined();
    expect(Boolean(operation.security), `${method} ${path} security`).toBe(path === "/me");
  }
});
