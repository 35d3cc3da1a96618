/**
 * `npm run test:fuzz`: every operation of the generated OpenAPI document, FUZZ_RUNS (default 200)
 * fixed-seed cases each (FUZZ_SEED), sent as organization A's people with organization B beside
 * it; then the database audit. A finding names the request that shows it; rerun with the same seed
 * to see it again.
 */
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Forbidden } from "./answer-checks";
import { validate } from "./answer-schema";
import type { OperationSpec } from "./request-arbitrary";
import { countRows, idsIn, listTables, overgrown, tenantRows, watchedTables } from "./db-audit";
import { describeFindings, fuzzOperation, listOperations, operationSeed, type OperationReport, type SweepOptions } from "./sweep";
import { callersOf, MARKER, seedTenants } from "./tenants";
import { readDocument, sendToWorker } from "./worker-client";

// A numeric seed as given; any other text is hashed to one, so FUZZ_SEED=$GITHUB_SHA works too.
const seedText = env.FUZZ_SEED ?? "20261120";
const seed = /^\d+$/.test(seedText) ? Number(seedText) : operationSeed(0, seedText);
const runs = Number(env.FUZZ_RUNS ?? 200);
const doc = await readDocument();
const operations = listOperations(doc);
const reports: OperationReport[] = [];

let world: Awaited<ReturnType<typeof seedTenants>>;
let tables: string[];
let countsBefore: Record<string, number>;
let bRowsBefore: Record<string, string>;
let forbidden: Forbidden;
const started = Date.now();

beforeAll(async () => {
  world = await seedTenants();
  tables = await listTables();
  countsBefore = await countRows(tables);
  bRowsBefore = await tenantRows(world.b.orgId, tables);
  forbidden = { markers: [MARKER], ids: idsIn(bRowsBefore) };
});

afterAll(() => {
  const cases = reports.reduce((sum, r) => sum + r.cases, 0);
  const slowest = [...reports].sort((x, y) => y.ms - x.ms).slice(0, 5).map((r) => `${r.operation} ${(r.ms / 1000).toFixed(1)}s`);
  console.log(`fuzz: seed ${seed}, ${reports.length} operations, ${cases} cases in ${((Date.now() - started) / 1000).toFixed(1)}s; slowest: ${slowest.join(", ")}`);
});

describe("every operation, fuzzed", () => {
  it("found operations in the document", () => expect(operations.length).toBeGreaterThan(50));

  // Guards against a vacuous check (an unresolved $ref validates anything): a real answer passes, a broken one does not.
  it("validates answers against the real document", async () => {
    const [admin] = await callersOf(world.a);
    const ticketId = world.a.ids.tickets![0]!;
    const answer = await sendToWorker({ method: "GET", path: `/api/v1/tickets/${ticketId}`, headers: { Authorization: admin!.authorization! }, as: "admin" });
    const schema = (doc.paths["/api/v1/tickets/{id}"] as Record<string, OperationSpec>).get!.responses["200"]!.content!["application/json"]!.schema!;
    const ticket = JSON.parse(answer.text);
    expect(validate(doc, schema, ticket)).toEqual([]);
    const { sla: _sla, ...broken } = { ...ticket, version: "1" };
    expect(validate(doc, schema, broken)).toEqual(['$: Instance does not have required property "sla".', '$.version: Instance type "string" is invalid. Expected "integer".']);
  });

  for (const op of operations) {
    it(`${op.method.toUpperCase()} ${op.path}`, async () => {
      const watch = () => countRows(watchedTables(tables));
      const options: SweepOptions = { doc, send: sendToWorker, seed, runs, ids: world.pools, callers: await callersOf(world.a), forbidden, watch };
      const report = await fuzzOperation(op, options);
      reports.push(report);
      // Progress as it goes: a whole sweep takes minutes.
      const refusals = Object.entries(report.codes).sort(([, x], [, y]) => y - x).slice(0, 5).map(([code, n]) => `${code} ×${n}`);
      console.log(`${report.operation}: ${report.cases} cases in ${report.ms} ms, statuses ${JSON.stringify(report.statuses)}; mostly ${refusals.join(", ")}`);
      expect(report.findings, describeFindings(report)).toEqual([]);
    });
  }

  it("left the database holding only what accepted requests created, and B as it was", async () => {
    expect(reports.length, "every operation ran").toBe(operations.length);
    expect(overgrown(countsBefore, await countRows(tables), reports)).toEqual([]);
    const bRowsAfter = await tenantRows(world.b.orgId, tables);
    const changed = tables.filter((table) => bRowsBefore[table] !== bRowsAfter[table]);
    expect(changed, "tables where organization B's rows changed").toEqual([]);
  });
});
