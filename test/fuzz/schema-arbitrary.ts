/**
 * fast-check arbitraries drawn from the operation's own JSON Schemas. In the calm mode a value
 * conforms (ids come from the tenants' real rows, so requests reach the handlers' deep paths); in
 * the chaos mode any node may instead be wrong: another type, past a bound, huge, nasty, another
 * tenant's id, an unknown field or a missing required one.
 */
import fc from "fast-check";
import { resolve, type Document, type Schema } from "./json-schema";
import { ANY_JSON, FOREIGN_FIELDS, NASTY_STRINGS } from "./nasty-values";
import { idKind, pick, stringArbitrary, weighted, type Arb, type Gen } from "./string-arbitrary";

export { idArbitrary, idKind, type Gen, type IdPools } from "./string-arbitrary";

function arrayArbitrary(schema: Schema, g: Gen, name: string | undefined, depth: number): Arb {
  const prefix = schema.prefixItems as Schema[] | undefined;
  if (prefix) return fc.tuple(...prefix.map((item) => node(item, g, name, depth + 1)));
  const items = node((schema.items as Schema | undefined) ?? {}, g, name, depth + 1);
  const min = (schema.minItems as number | undefined) ?? 0;
  const max = (schema.maxItems as number | undefined) ?? 5;
  return weighted([6, fc.array(items, { minLength: min, maxLength: Math.max(min, Math.min(max, 4)) })], [1, max <= 30 ? fc.array(items, { minLength: max, maxLength: max }) : undefined]);
}

function objectArbitrary(schema: Schema, g: Gen, depth: number): Arb {
  const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
  const extra = schema.additionalProperties;
  if (Object.keys(properties).length === 0 && extra && typeof extra === "object") {
    return fc.dictionary(fc.string({ maxLength: 12 }), node(extra as Schema, g, undefined, depth + 1), { maxKeys: 4 });
  }
  const required = new Set((schema.required as string[] | undefined) ?? []);
  // Optional fields come one time in three when calm (each one a chance to be refused), one in two in chaos.
  const fields = Object.entries(properties).map(([key, field]) => {
    const value = node(field, g, key, depth + 1).map((v) => [key, v] as const);
    return required.has(key) ? value : fc.oneof({ weight: 1, arbitrary: value }, { weight: g.chaos ? 1 : 2, arbitrary: fc.constant(undefined) });
  });
  return fc.tuple(...fields).map((pairs) => Object.fromEntries(pairs.filter((pair) => pair !== undefined)));
}

function ofType(type: string, schema: Schema, g: Gen, name: string | undefined, depth: number): Arb {
  const min = schema.minimum as number | undefined;
  const max = schema.maximum as number | undefined;
  switch (type) {
    case "string": return stringArbitrary(schema, g, name);
    case "integer": return weighted([4, fc.integer({ min: min ?? -1000, max: max ?? 100_000 })], [1, fc.constantFrom(min ?? 0, max ?? 2 ** 31)]);
    case "number": return fc.double({ min: min ?? -1e6, max: max ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case "boolean": return fc.boolean();
    case "null": return fc.constant(null);
    case "array": return arrayArbitrary(schema, g, name, depth);
    case "object": return objectArbitrary(schema, g, depth);
    default: return fc.constantFrom(...ANY_JSON);
  }
}

/** A value that conforms to `schema` (nested nodes may still go wrong in the chaos mode). */
export function valid(input: Schema, g: Gen, name?: string, depth = 0): Arb {
  if (depth > 8) return fc.constant(null);
  const schema = resolve(g.doc, input);
  const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (branches) return fc.oneof(...branches.map((branch) => node(branch, g, name, depth + 1)));
  if (Array.isArray(schema.allOf)) return objectArbitrary(mergeAll(g.doc, schema.allOf as Schema[]), g, depth);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if ("const" in schema) return fc.constant(schema.const);
  if (schema.type === undefined) return fc.constantFrom(...ANY_JSON, "P1", "high_risk", ["p1", "p2"]);
  const types = ([] as string[]).concat(schema.type as string | string[]);
  // A documented example of a structure is valid by design: it gets requests past the validator.
  const example = typeof schema.example === "object" && schema.example !== null ? fc.constant(schema.example) : undefined;
  return weighted([2, example], ...types.map((type): [number, Arb] => [type === "null" ? 1 : 4, ofType(type, schema, g, name, depth)]));
}

function mergeAll(doc: Document, parts: Schema[]): Schema {
  const resolved = parts.map((part) => resolve(doc, part));
  return {
    type: "object",
    properties: Object.assign({}, ...resolved.map((part) => part.properties ?? {})),
    required: resolved.flatMap((part) => (part.required as string[] | undefined) ?? []),
  };
}

/** A value that breaks `schema` in one of the ways clients get things wrong. */
export function invalid(input: Schema, g: Gen, name?: string): Arb {
  const schema = resolve(g.doc, input);
  const types = ([] as string[]).concat((schema.type as string | string[] | undefined) ?? []);
  const bounds: unknown[] = [];
  for (const key of ["minLength", "maxLength"] as const) {
    const limit = schema[key] as number | undefined;
    if (limit !== undefined && limit < 1_000_000) bounds.push("a".repeat(Math.max(0, key === "minLength" ? limit - 1 : limit + 1)));
  }
  if (typeof schema.minimum === "number") bounds.push(schema.minimum - 1, schema.minimum - 0.5);
  if (typeof schema.maximum === "number") bounds.push(schema.maximum + 1, 2 ** 53 + 2);
  if (Array.isArray(schema.enum) && typeof schema.enum[0] === "string") bounds.push(schema.enum[0].toLowerCase(), ` ${schema.enum[0]}`, `${schema.enum[0]}\u0000`, "P5");
  if (types.includes("array") && typeof schema.maxItems === "number") bounds.push(Array(schema.maxItems + 1).fill(schema.example ?? "x"));
  const kind = idKind(name);
  return weighted(
    [3, fc.constantFrom(...ANY_JSON)],
    [3, pick(bounds)],
    [2, fc.constantFrom(...NASTY_STRINGS)],
    // Huge, yet well under the 1 MiB body limit even as UTF-8.
    [1, fc.constantFrom("A".repeat(100_000), "😀".repeat(40_000), "\u202E".repeat(30_000))],
    [2, kind ? pick(g.ids.foreign[kind] ?? []) : undefined],
    [3, types.includes("object") ? objectMutation(schema, g) : undefined],
  );
}

/** An object with an unknown (or privileged) field added, or with a required field left out. */
function objectMutation(schema: Schema, g: Gen): Arb {
  const required = (schema.required as string[] | undefined) ?? [];
  const foreignOrg = g.ids.foreign.organizations?.[0] ?? "org";
  return fc.tuple(objectArbitrary(schema, { ...g, chaos: false }, 1), fc.constantFrom(...FOREIGN_FIELDS), fc.constantFrom<unknown>(foreignOrg, "admin", 999, true), fc.nat()).map(([value, field, extra, n]) => {
    const copy = { ...(value as Record<string, unknown>) };
    if (required.length > 0 && n % 2 === 0) delete copy[required[n % required.length]!];
    else Object.defineProperty(copy, field, { value: extra, enumerable: true, configurable: true, writable: true });
    return copy;
  });
}

/** One schema node: in the chaos mode, now and then the wrong value. */
export function node(schema: Schema, g: Gen, name?: string, depth = 0): Arb {
  return g.chaos ? weighted([7, valid(schema, g, name, depth)], [1, invalid(schema, g, name)]) : valid(schema, g, name, depth);
}
