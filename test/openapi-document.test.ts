import { describe, expect, it } from "vitest";
import { api } from "./helpers";

type Operation = { operationId?: string; security?: unknown[]; parameters?: unknown[]; requestBody?: unknown; responses: Record<string, Answer> };
type Answer = { headers?: Record<string, { schema?: Record<string, unknown> }>; content?: Record<string, { schema?: { $ref?: string } }> };

const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** Every operation of the served document, named `METHOD path` for the failure messages. */
async function operations() {
  const res = await api("GET", "/openapi.json");
  expect(res.status).toBe(200);
  const paths = res.json.paths as Record<string, Record<string, Operation>>;
  const found = Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
  );
  expect(found.length).toBeGreaterThan(50);
  return { doc: res.json, found };
}

// Contract §1: every error, 429 and 500 included, is the one envelope.
const expectErrorEnvelope = (answer: Answer | undefined, name: string) =>
  expect(answer?.content?.["application/json"]?.schema, name).toEqual({ $ref: "#/components/schemas/Error" });

describe("the OpenAPI document's common answers", () => {
  it("gives every operation a unique operationId", async () => {
    const { found } = await operations();
    const missing = found.filter(({ operation }) => !operation.operationId).map(({ name }) => name);
    expect(missing).toEqual([]);
    const ids = found.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("documents 429 with Retry-After, and 500, on every operation", async () => {
    const { found } = await operations();
    for (const { name, operation } of found) {
      expectErrorEnvelope(operation.responses["429"], `${name} 429`);
      expect(operation.responses["429"]!.headers?.["Retry-After"]?.schema, `${name} Retry-After`).toMatchObject({ type: "integer", minimum: 1 });
      expectErrorEnvelope(operation.responses["500"], `${name} 500`);
    }
  });

  it("documents 401 on every secured operation, and 400 on every one that takes input", async () => {
    const { found } = await operations();
    for (const { name, operation } of found) {
      if ((operation.security?.length ?? 0) > 0) expect(operation.responses["401"], `${name} 401`).toBeDefined();
      if ((operation.parameters?.length ?? 0) > 0 || operation.requestBody) expect(operation.responses["400"], `${name} 400`).toBeDefined();
    }
  });

  // Found by the fuzz sweep (test/fuzz): a body over 1 MiB or not JSON is refused before validation.
  it("documents 413 and 415 on every operation that takes a body", async () => {
    const { found } = await operations();
    for (const { name, operation } of found.filter(({ operation }) => operation.requestBody)) {
      expectErrorEnvelope(operation.responses["413"], `${name} 413`);
      expectErrorEnvelope(operation.responses["415"], `${name} 415`);
    }
  });

  it("keeps a route's own description of a common answer", async () => {
    const { doc } = await operations();
    expect(doc.paths["/metrics"].get.responses["401"].description).toContain("METRICS_TOKEN");
  });

  it("declares every tag it uses, and the bearer scheme's RFC 8725 practice", async () => {
    const { doc, found } = await operations();
    const declared = new Set((doc.tags as { name: string }[]).map((tag) => tag.name));
    for (const { name, operation } of found) {
      for (const tag of (operation as { tags?: string[] }).tags ?? []) expect(declared.has(tag), `${name} tag ${tag}`).toBe(true);
    }
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer", bearerFormat: "JWT" });
    expect(doc.components.securitySchemes.bearerAuth.description).toMatch(/RFC8725[\s\S]*HS256[\s\S]*15 minutes/);
  });
});
