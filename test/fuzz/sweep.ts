/**
 * The sweep's runner: for each operation of the document, a fixed-seed sample of requests, each
 * sent through an injected sender and checked. It collects findings rather than stopping at the
 * first, so one run lists every distinct bug; sweep-self.test.ts runs it against a fake API.
 */
import fc from "fast-check";
import { checkAnswer, type Answer, type Forbidden, type Problem } from "./answer-checks";
import type { Document } from "./json-schema";
import { requestArbitrary, type Caller, type FuzzRequest, type Operation, type OperationSpec } from "./request-arbitrary";
import type { IdPools } from "./schema-arbitrary";

export type Sender = (req: FuzzRequest) => Promise<Answer>;
/** Row counts that a rejected request or a read must leave as they were. */
export type Watch = () => Promise<Record<string, number>>;
export type SweepOptions = { doc: Document; send: Sender; seed: number; runs: number; ids: IdPools; callers: Caller[]; forbidden?: Forbidden; watch?: Watch; timeoutMs?: number };
export type Finding = Problem & { count: number; example: string };
/** `statuses` counts answers by status; `codes` the refusals by `status error-code` (what the cases mostly hit). */
export type OperationReport = { operation: string; cases: number; statuses: Record<string, number>; codes: Record<string, number>; findings: Finding[]; ms: number };

const METHODS = ["get", "post", "put", "patch", "delete", "head"];

/**
 * Every operation of the document. Deletes go last, deepest paths first, so that the objects the
 * other operations are sent to still exist while they run.
 */
export function listOperations(doc: Document & { paths?: Record<string, Record<string, unknown>> }): Operation[] {
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, spec]) => ({ method, path, spec: spec as OperationSpec })),
  );
  const rank = (op: Operation) => (op.method === "delete" ? 1000 - op.path.split("/").length : 0);
  return operations.sort((a, b) => rank(a) - rank(b));
}

/** A seed per operation, fixed by the run's seed, so that each operation gets its own cases. */
export function operationSeed(seed: number, key: string): number {
  let hash = seed | 0;
  for (const char of key) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return hash >>> 0;
}

function summary(req: FuzzRequest): string {
  const body = typeof req.body === "string" ? req.body : req.body instanceof Uint8Array ? `<${req.body.byteLength} bytes>` : req.body ? "<multipart>" : "";
  const headers = Object.entries(req.headers).filter(([name]) => name !== "Authorization").map(([name, value]) => `${name}: ${value.slice(0, 60)}`);
  return `${req.method} ${req.path.slice(0, 300)} as ${req.as} [${headers.join("; ")}] ${body.slice(0, 300)}`;
}

/** Findings are grouped by what went wrong, numbers and ids left out, so one bug is one line. */
const groupKey = (problem: Problem) => `${problem.kind} ${problem.message.replace(/[0-9a-f-]{36}/gi, "<id>").replace(/\d+/g, "n").slice(0, 160)}`;

function changed(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys(after).filter((table) => before[table] !== after[table]).map((table) => `${table} ${before[table]}→${after[table]}`);
}

/** A request that never answers is a finding too (status 0), not a sweep that hangs. */
async function withTimeout(answer: Promise<Answer>, ms: number): Promise<Answer> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<Answer>((done) => {
    timer = setTimeout(() => done({ status: 0, headers: new Headers(), text: `no answer within ${ms} ms` }), ms);
  });
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}

export async function fuzzOperation(op: Operation, options: SweepOptions): Promise<OperationReport> {
  const started = Date.now();
  const name = `${op.method.toUpperCase()} ${op.path}`;
  const cases = fc.sample(requestArbitrary(options.doc, op, options.ids, options.callers), { seed: operationSeed(options.seed, name), numRuns: options.runs });
  const statuses: Record<string, number> = {};
  const codes: Record<string, number> = {};
  const findings = new Map<string, Finding>();
  let rows = await options.watch?.();
  for (const req of cases) {
    const answer = await withTimeout(options.send(req), options.timeoutMs ?? 30_000);
    statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    const code = answer.status >= 400 ? `${answer.status} ${/"error":"(\w+)"/.exec(answer.text)?.[1] ?? "?"}${/"issues":\[\{"path":"([^"]*)"/.exec(answer.text)?.[1]?.replace(/^/, " ") ?? ""}` : undefined;
    if (code) codes[code] = (codes[code] ?? 0) + 1;
    const problems = checkAnswer(options.doc, op, req, answer, options.forbidden);
    if (options.watch && rows) {
      const now = await options.watch();
      const diff = changed(rows, now);
      const mayWrite = answer.status >= 200 && answer.status < 300 && req.method !== "GET";
      if (diff.length && !mayWrite) problems.push({ kind: "db-write", message: `${answer.status} changed ${diff.join(", ")}` });
      rows = now;
    }
    for (const problem of problems) {
      const key = groupKey(problem);
      const seen = findings.get(key);
      if (seen) seen.count += 1;
      else findings.set(key, { ...problem, count: 1, example: summary(req) });
    }
  }
  return { operation: name, cases: cases.length, statuses, codes, findings: [...findings.values()], ms: Date.now() - started };
}

export async function runSweep(options: SweepOptions, operations = listOperations(options.doc)): Promise<OperationReport[]> {
  const reports: OperationReport[] = [];
  for (const op of operations) reports.push(await fuzzOperation(op, options));
  return reports;
}

/** A report's findings as text for an assertion message: each with its count and one request. */
export function describeFindings(report: OperationReport): string {
  return report.findings.map((f) => `${report.operation} — ${f.kind} ×${f.count}: ${f.message}\n    e.g. ${f.example}`).join("\n");
}
