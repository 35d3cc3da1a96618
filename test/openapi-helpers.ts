import { expect } from "vitest";
import { api } from "./helpers";

/** The generated OpenAPI document, asserting each operation is there with a summary, bearer security and its 401. */
export async function expectDocumented(operations: readonly (readonly [string, string])[]) {
  const res = await api("GET", "/openapi.json");
  expect(res.status).toBe(200);
  for (const [method, path] of operations) {
    const operation = res.json.paths[path]?.[method];
    expect(operation, `${method} ${path}`).toMatchObject({ summary: expect.any(String), security: [{ bearerAuth: [] }] });
    expect(operation.responses["401"], `${method} ${path} 401`).toBeDefined();
  }
  return res.json;
}
