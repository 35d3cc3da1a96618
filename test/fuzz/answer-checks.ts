/**
 * What every answer must be, whatever was asked: never a 5xx; an error in the contract's envelope
 * (§1) with the X-Request-Id it was given; a success that matches the operation's documented
 * response; and nothing of the other tenant in it.
 */
import { validate } from "./answer-schema";
import type { Document } from "./json-schema";
import type { FuzzRequest, Operation } from "./request-arbitrary";

export type Answer = { status: number; headers: Headers; text: string };
export type ProblemKind = "5xx" | "error-shape" | "schema" | "undocumented-status" | "leak" | "db-write";
export type Problem = { kind: ProblemKind; message: string };
/** The other tenant: marker strings planted in its data (lower case) and every id of its rows. */
export type Forbidden = { markers: string[]; ids: Set<string> };

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const mediaType = (value: string | null) => (value ?? "").split(";")[0]!.trim().toLowerCase();

// A documented media type, or a range such as any/any or text/any, covers the answer's type.
function mediaMatches(documented: string, type: string): boolean {
  if (documented === "*/*" || documented === type) return true;
  return documented.endsWith("/*") && type.startsWith(documented.slice(0, -1));
}

/**
 * Whether the request still names the operation once the URL is normalized: a raw `../` in a path
 * parameter lands on another route, whose answers this operation's document does not describe.
 */
function reachesOperation(op: Operation, req: FuzzRequest): boolean {
  const template = op.path.split("/");
  const segments = new URL(req.path, "http://x").pathname.split("/");
  return segments.length === template.length && template.every((part, i) => (part.startsWith("{") ? segments[i] !== "" : part === segments[i]));
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function checkError(answer: Answer): Problem[] {
  const shape = (message: string): Problem[] => [{ kind: "error-shape", message: `${answer.status}: ${message}: ${answer.text.slice(0, 200)}` }];
  if (!mediaType(answer.headers.get("Content-Type")).includes("json")) return shape(`not JSON (${answer.headers.get("Content-Type")})`);
  const parsed = parseJson(answer.text);
  if (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null) return shape("body is not a JSON object");
  const { error, message, details, requestId } = parsed.value as Record<string, unknown>;
  if (typeof error !== "string" || !/^E_[A-Z0-9_]+$/.test(error)) return shape("`error` is not an E_ code");
  if (typeof message !== "string" || message === "") return shape("`message` is not a sentence");
  if (typeof details !== "object" || details === null || Array.isArray(details)) return shape("`details` is not an object");
  if (typeof requestId !== "string" || requestId !== answer.headers.get("X-Request-Id")) return shape(`requestId ${String(requestId)} is not the X-Request-Id header`);
  return [];
}

function checkSuccess(doc: Document, op: Operation, answer: Answer): Problem[] {
  const documented = op.spec.responses[String(answer.status)];
  if (!documented) return [{ kind: "undocumented-status", message: `${answer.status} is not documented` }];
  const content = documented.content ?? {};
  const type = mediaType(answer.headers.get("Content-Type"));
  if (Object.keys(content).length === 0) {
    return answer.text === "" ? [] : [{ kind: "schema", message: `${answer.status} is documented without a body, got ${answer.text.slice(0, 120)}` }];
  }
  const entry = Object.entries(content).find(([documented]) => mediaMatches(mediaType(documented), type));
  if (!entry) return [{ kind: "schema", message: `${answer.status} answered ${type || "no Content-Type"}, documented ${Object.keys(content).join(", ")}` }];
  if (!type.includes("json") || !entry[1].schema) return []; // CSV, Prometheus text, file bytes: text, not checked here.
  const parsed = parseJson(answer.text);
  if (!parsed.ok) return [{ kind: "schema", message: `${answer.status} body is not JSON: ${answer.text.slice(0, 120)}` }];
  return validate(doc, entry[1].schema, parsed.value)
    .slice(0, 5)
    .map((message) => ({ kind: "schema" as const, message: `${answer.status} ${message}` }));
}

/** The text of the request, so that ids the caller sent itself are not taken for a leak when echoed. */
export function requestText(req: FuzzRequest): string {
  let text = `${req.path} ${Object.values(req.headers).join(" ")}`;
  try {
    text = decodeURIComponent(text);
  } catch {
    // A raw `%` the fuzzer sent: keep the text as sent.
  }
  return typeof req.body === "string" ? `${text} ${req.body}` : text;
}

function checkLeak(req: FuzzRequest, answer: Answer, forbidden: Forbidden): Problem[] {
  const lower = answer.text.toLowerCase();
  const marker = forbidden.markers.find((m) => lower.includes(m));
  if (marker) return [{ kind: "leak", message: `answer holds the other tenant's marker ${marker}: ${answer.text.slice(0, 200)}` }];
  const sent = requestText(req).toLowerCase();
  const leaked = (answer.text.match(UUID) ?? []).map((id) => id.toLowerCase()).filter((id) => forbidden.ids.has(id) && !sent.includes(id));
  return leaked.length ? [{ kind: "leak", message: `answer holds the other tenant's id ${leaked[0]} it was not sent` }] : [];
}

/** Every problem with one answer; an empty list when it is as the contract says. */
export function checkAnswer(doc: Document, op: Operation, req: FuzzRequest, answer: Answer, forbidden?: Forbidden): Problem[] {
  // The WebSocket upgrade's success is a socket, not a document: only its refusals are checked.
  if (answer.status === 101) return [];
  if (answer.status === 0) return [{ kind: "5xx", message: answer.text }];
  const problems: Problem[] = [];
  if (!answer.headers.get("X-Request-Id")) problems.push({ kind: "error-shape", message: `${answer.status} without X-Request-Id` });
  if (answer.status >= 500) problems.push({ kind: "5xx", message: `${answer.status}: ${answer.text.slice(0, 300)}` });
  else if (answer.status >= 400) problems.push(...checkError(answer));
  else if (!reachesOperation(op, req)) return forbidden ? [...problems, ...checkLeak(req, answer, forbidden)] : problems;
  else if (answer.status >= 200 && answer.status < 300) problems.push(...checkSuccess(doc, op, answer));
  else if (answer.status !== 304) problems.push({ kind: "undocumented-status", message: `${answer.status} is not an answer the API gives` });
  // A body sent to an operation that takes none is outside its document: its 413 or 415 is too.
  const strayBody = !op.spec.requestBody && req.body !== undefined && (answer.status === 413 || answer.status === 415);
  if (answer.status >= 400 && answer.status < 500 && !strayBody && reachesOperation(op, req) && !op.spec.responses[String(answer.status)]) {
    problems.push({ kind: "undocumented-status", message: `${answer.status} is not documented` });
  }
  if (forbidden) problems.push(...checkLeak(req, answer, forbidden));
  return problems;
}
