/**
 * The sweep tested on a fake API of two operations: a clean implementation yields no findings, and
 * each planted bug (a 500 on SQL/HTML metacharacters, a 201 whose body breaks its schema, a
 * malformed error, another tenant's data in an answer, a rejected request that writes) is found.
 */
import { describe, expect, it } from "vitest";
import type { Answer } from "./answer-checks";
import type { FuzzRequest } from "./request-arbitrary";
import { runSweep, type SweepOptions } from "./sweep";

const ERROR = { content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
const THING = { content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } };
const doc = {
  paths: {
    "/things": { post: { requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/ThingRequest" } } } }, responses: { "201": THING, "400": ERROR, "401": ERROR, "415": ERROR } } },
    "/things/{id}": { get: { parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", maxLength: 64 } }], responses: { "200": THING, "401": ERROR, "404": ERROR } } },
  },
  components: {
    schemas: {
      Error: { type: "object", properties: { error: { type: "string" }, message: { type: "string" }, details: { type: "object" }, requestId: { type: "string" } }, required: ["error", "message", "details", "requestId"] },
      ThingRequest: { type: "object", properties: { name: { type: "string", minLength: 1, maxLength: 50 }, count: { type: "integer", minimum: 0, maximum: 10 } }, required: ["name"], additionalProperties: false },
      Thing: { type: "object", properties: { id: { type: "string" }, name: { type: "string" }, count: { type: "integer" } }, required: ["id", "name", "count"], additionalProperties: false },
    },
  },
};

type Bug = "none" | "500" | "schema" | "envelope" | "leak" | "write";
const FOREIGN_ID = "0f0f0f0f-0000-4000-8000-000000000001";

/** The fake API: correct unless a bug is planted. `rows` stands for the database the watch reads. */
function fakeApi(bug: Bug) {
  const rows = { things: 0 };
  let served = 0;
  let gets = 0;
  const answer = (status: number, body?: unknown, requestId = `req-${(served += 1)}`): Answer => ({
    status,
    headers: new Headers({ "X-Request-Id": requestId, ...(body === undefined ? {} : { "Content-Type": "application/json" }) }),
    text: body === undefined ? "" : JSON.stringify(body),
  });
  const error = (status: number, code: string) => {
    const requestId = `req-${served + 1}`;
    return answer(status, { error: code, message: "No.", details: {}, requestId: bug === "envelope" && status === 404 ? "other" : requestId }, requestId);
  };
  const send = async (req: FuzzRequest): Promise<Answer> => {
    if (!req.headers.Authorization) return error(401, "E_UNAUTHORIZED");
    if (req.method === "GET") {
      gets += 1;
      if (bug === "leak" && gets % 7 === 0) return answer(200, { id: FOREIGN_ID, name: "zqbeta thing", count: 1 });
      return req.path.endsWith("/things/1") ? answer(200, { id: "1", name: "one", count: 1 }) : error(404, "E_NOT_FOUND");
    }
    if (req.headers["Content-Type"] !== "application/json") return error(415, "E_UNSUPPORTED_MEDIA_TYPE");
    let body: { name?: unknown; count?: unknown };
    try {
      body = JSON.parse(String(req.body));
    } catch {
      return error(400, "E_MALFORMED_JSON");
    }
    const { name, count = 0, ...rest } = (typeof body === "object" && body !== null && !Array.isArray(body) ? body : { name: undefined }) as Record<string, unknown>;
    const valid = typeof name === "string" && name.length >= 1 && name.length <= 50 && Number.isInteger(count) && (count as number) >= 0 && (count as number) <= 10 && Object.keys(rest).length === 0;
    if (bug === "write") rows.things += 1;
    if (!valid) return error(400, "E_VALIDATION");
    if (bug === "500" && /['<]/.test(name)) return answer(500, { error: "E_INTERNAL", message: "Oops.", details: {}, requestId: "x" });
    if (bug !== "write") rows.things += 1;
    return answer(201, { id: String(rows.things), name, count: bug === "schema" && count === 0 ? "0" : count });
  };
  return { send, watch: async () => ({ ...rows }) };
}

async function sweep(bug: Bug) {
  const fake = fakeApi(bug);
  const options: SweepOptions = {
    doc, send: fake.send, watch: fake.watch, seed: 7, runs: 200,
    ids: { own: {}, foreign: { organizations: [FOREIGN_ID] } },
    callers: [{ label: "admin", authorization: "Bearer t", weight: 5 }, { label: "nobody", weight: 1 }],
    forbidden: { markers: ["zqbeta"], ids: new Set([FOREIGN_ID]) },
  };
  const reports = await runSweep(options);
  return reports.flatMap((report) => report.findings);
}

describe("the sweep itself", () => {
  it("finds nothing in a correct API", async () => {
    expect(await sweep("none")).toEqual([]);
  });

  it.each([
    ["500", "5xx"],
    ["schema", "schema"],
    ["envelope", "error-shape"],
    ["leak", "leak"],
    ["write", "db-write"],
  ] as const)("finds a planted %s bug as %s", async (bug, kind) => {
    const findings = await sweep(bug);
    expect(findings.map((f) => f.kind)).toContain(kind);
    // Each finding names a request that shows it, to replay by hand.
    expect(findings.find((f) => f.kind === kind)?.example).toMatch(/^(GET|POST) \/things/);
  });
});
