/**
 * Whole requests for one operation: who asks (each role, nobody, a forged token), path and query
 * parameters and headers from their schemas, and a body from the request schema — or a malformed,
 * mistyped or missing one.
 */
import fc from "fast-check";
import { resolve, type Document, type Schema } from "./json-schema";
import { bodyArbitrary } from "./body-arbitrary";
import { NASTY_STRINGS } from "./nasty-values";
import { idArbitrary, idKind, node, type Gen, type IdPools } from "./schema-arbitrary";

export type Parameter = { name: string; in: "path" | "query" | "header" | "cookie"; required?: boolean; schema?: Schema };
export type OperationSpec = { parameters?: Parameter[]; requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> }; responses: Record<string, { content?: Record<string, { schema?: Schema }> }> };
export type Operation = { method: string; path: string; spec: OperationSpec };
export type FuzzRequest = { method: string; path: string; headers: Record<string, string>; body?: string | Uint8Array | FormData; as: string };
/** A way of asking: a label for reports and the Authorization header to send (none when undefined). */
export type Caller = { label: string; authorization?: string; weight: number };

const MIB = 1024 * 1024;
const RESOURCE_KINDS: Record<string, string> = {
  tickets: "tickets", users: "users", teams: "teams", webhooks: "webhooks", deliveries: "deliveries", notifications: "notifications",
  attachments: "attachments", policies: "sla_policies", calendars: "sla_calendars", automations: "automations", escalations: "escalations",
};

/** The kind of a path parameter: `{id}` is the collection it follows, `{teamId}` says its own. */
function pathKind(path: string, name: string): string | undefined {
  if (name !== "id") return idKind(name);
  const segments = path.split("/");
  return RESOURCE_KINDS[segments[segments.indexOf("{id}") - 1] ?? ""];
}

/** Query strings and headers carry text: arrays as comma lists, objects as JSON. */
function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(asText).join(",");
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

/** Percent-encoding, where a lone surrogate (which encodeURIComponent throws on) becomes U+FFFD. */
const encode = (text: string) => encodeURIComponent(text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD"));

/** fetch refuses header values that are not byte strings or that hold CR, LF or NUL: encode those. */
const headerSafe = (text: string) => (/^[\x20-\x7e\x80-\xff\t]*$/.test(text) ? text.trim() : encode(text));

function pathParameter(op: Operation, param: Parameter, g: Gen): fc.Arbitrary<string> {
  const kind = pathKind(op.path, param.name);
  const ids = kind ? idArbitrary(g.ids, kind) : undefined;
  const anyOwn = Object.values(g.ids.own).flat();
  const options = [
    { weight: ids ? 12 : 1, arbitrary: ids ?? fc.constant("00000000-0000-4000-8000-000000000000") },
    { weight: ids ? 1 : 12, arbitrary: node(param.schema ?? { type: "string" }, g, param.name) },
    { weight: 1, arbitrary: anyOwn.length ? fc.constantFrom(...anyOwn) : fc.constant("x") },
    { weight: 1, arbitrary: fc.constantFrom(...NASTY_STRINGS, "A".repeat(5000)) },
  ];
  // Mostly percent-encoded, as clients do; sometimes raw, so that `../` and `%00` reach the router as typed.
  return fc.tuple(fc.oneof(...options).map(asText), fc.integer({ min: 0, max: 9 })).map(([text, n]) => (n === 0 ? text : encode(text)));
}

/** `arbitrary` one time in `every`, otherwise nothing. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 1, arbitrary }, { weight: every - 1, arbitrary: fc.constant(undefined) });
}

function optional<T>(arbitrary: fc.Arbitrary<T>, required?: boolean): fc.Arbitrary<T | undefined> {
  return required ? arbitrary : sometimes(arbitrary, 3);
}

/**
 * The enum of each property name in the document's components. A filter such as `status` is a
 * plain string (a comma list) in its parameter's schema; its values are the Ticket's `status` enum.
 */
function enumsByName(doc: Document, op: Operation): Map<string, unknown[]> {
  const found = new Map<string, unknown[]>();
  const seen = new Set<unknown>();
  const visit = (node: unknown) => {
    if (!node || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    const schema = node as Schema;
    if (typeof schema.$ref === "string") return visit(resolve(doc, schema));
    for (const [name, property] of Object.entries((schema.properties as Record<string, Schema> | undefined) ?? {})) {
      const values = resolve(doc, property).enum;
      if (Array.isArray(values) && !found.has(name)) found.set(name, values);
    }
    for (const child of Object.values(node)) visit(child);
  };
  // The operation's own answer first (a ticket list's `status` is the Ticket's), then the rest.
  visit(op.spec.responses["200"]);
  visit((doc as { components?: unknown }).components);
  return found;
}

/** A query parameter: from its schema, or, for an unconstrained string named like an enum'd field, a comma list of that enum. */
function queryValue(param: Parameter, g: Gen, enums: Map<string, unknown[]>): fc.Arbitrary<unknown> {
  const schema = param.schema ?? {};
  // Only a previous page makes a cursor: the calm mode asks for the first page.
  if (param.name === "cursor" && !g.chaos) return fc.constant(undefined);
  const values = schema.type === "string" && !schema.enum ? enums.get(param.name) : undefined;
  const list = values?.length ? fc.subarray(values as string[], { minLength: 1 }).map((picked) => picked.join(",")) : undefined;
  if (!list) return node(schema, g, param.name);
  return g.chaos ? fc.oneof(list, node(schema, g, param.name)) : list;
}

/** Every request the sweep may send to `op`, calm or chaotic, as the callers given. */
export function requestArbitrary(doc: Document, op: Operation, ids: IdPools, callers: Caller[]): fc.Arbitrary<FuzzRequest> {
  const enums = enumsByName(doc, op);
  const one = (chaos: boolean) => {
    const g: Gen = { doc, ids, chaos };
    const params = op.spec.parameters ?? [];
    const path = fc.tuple(...params.filter((p) => p.in === "path").map((p) => pathParameter(op, p, g).map((value) => [p.name, value] as const)));
    const query = fc.tuple(...params.filter((p) => p.in === "query").map((p) => optional(queryValue(p, g, enums), p.required).map((value) => [p.name, value] as const)));
    const headers = fc.tuple(...params.filter((p) => p.in === "header").map((p) => optional(node(p.schema ?? {}, g, p.name), p.required).map((value) => [p.name, value] as const)));
    const caller = fc.oneof(...callers.map((c) => ({ weight: c.weight, arbitrary: fc.constant(c) })));
    const extras = fc.record({
      requestId: sometimes(fc.constantFrom("fuzz-request-0001", "<script>", "x"), 4),
      upgrade: fc.boolean(),
      // A parameter the operation does not know, naming the other tenant: refused, never obeyed.
      unknownQuery: chaos ? sometimes(fc.constantFrom(...(ids.foreign.organizations ?? ["x"]), "1", "' OR 1=1 --"), 5) : fc.constant(undefined),
    });
    return fc.record({ path, query, headers, caller, body: bodyArbitrary(op, g), extras }).map(({ path: pathValues, query: queryValues, headers: headerValues, caller: who, body, extras: more }): FuzzRequest => {
      let url = op.path;
      for (const [name, value] of pathValues) url = url.replace(`{${name}}`, value);
      const search = new URLSearchParams();
      for (const [name, value] of queryValues) if (value !== undefined) search.append(name, asText(value));
      if (more.unknownQuery !== undefined) search.append("orgId", more.unknownQuery);
      const sent: Record<string, string> = {};
      for (const [name, value] of headerValues) if (value !== undefined) sent[name] = headerSafe(asText(value));
      if (who.authorization) sent.Authorization = who.authorization;
      if (body.contentType !== undefined) sent["Content-Type"] = body.contentType;
      if (more.requestId !== undefined) sent["X-Request-Id"] = more.requestId;
      if (more.upgrade && op.spec.responses["101"]) sent.Upgrade = "websocket";
      const qs = search.toString();
      return { method: op.method.toUpperCase(), path: qs ? `${url}?${qs}` : url, headers: sent, body: body.body, as: who.label };
    });
  };
  // Half the cases are calm, so that valid requests get deep into the handlers; half are chaotic.
  return fc.oneof(one(false), one(true)).filter((req) => typeof req.body !== "string" || new TextEncoder().encode(req.body).byteLength < MIB);
}
