/**
 * A JSON Schema validator for the subset our OpenAPI 3.1 document uses. Written here rather than
 * checking answers with the app's own zod schemas: a check made by the code under test would agree
 * with any mistake in it. It answers a list of problems, each naming the path of the bad value.
 */
export type Schema = { [keyword: string]: unknown };
export type Document = { components?: { schemas?: Record<string, Schema> } };

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Follows `#/components/...` references; any other reference is a mistake in the document. */
export function resolve(doc: Document, schema: Schema): Schema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === "string"; hops += 1) {
    const ref = current.$ref;
    if (!ref.startsWith("#/") || hops > 20) throw new Error(`unsupported $ref ${ref}`);
    let target: unknown = doc;
    for (const part of ref.slice(2).split("/")) target = (target as Record<string, unknown> | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
    if (!target || typeof target !== "object") throw new Error(`dangling $ref ${ref}`);
    // Sibling keywords of a $ref (description, nullable…) apply too in 3.1.
    const { $ref: _ref, ...siblings } = current;
    current = { ...(target as Schema), ...siblings };
  }
  return current;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function hasType(value: unknown, type: string): boolean {
  if (type === "integer") return Number.isInteger(value);
  if (type === "number") return typeof value === "number" && Number.isFinite(value);
  return typeOf(value) === type;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const codePoints = (text: string) => [...text].length;

/** Every way `value` breaks `schema`, as "path: problem" lines (empty when it conforms). */
export function validate(doc: Document, input: Schema, value: unknown, path = "$"): string[] {
  const schema = resolve(doc, input);
  const problems: string[] = [];
  const fail = (message: string) => problems.push(`${path}: ${message}`);

  const types = schema.type === undefined ? undefined : ([] as string[]).concat(schema.type as string | string[]);
  if (schema.nullable === true && value === null) return [];
  if (types && !types.some((type) => hasType(value, type))) return [`${path}: expected ${types.join("|")}, got ${typeOf(value)}`];
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => same(option, value))) fail(`${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if ("const" in schema && !same(schema.const, value)) fail(`expected ${JSON.stringify(schema.const)}`);

  if (Array.isArray(schema.allOf)) for (const part of schema.allOf as Schema[]) problems.push(...validate(doc, part, value, path));
  for (const keyword of ["anyOf", "oneOf"] as const) {
    const branches = schema[keyword] as Schema[] | undefined;
    if (!Array.isArray(branches)) continue;
    const results = branches.map((branch) => validate(doc, branch, value, path));
    const passing = results.filter((result) => result.length === 0).length;
    if (passing === 0) fail(`matches no branch of ${keyword}: ${results.map((result) => result[0]).join(" / ")}`);
    // oneOf is read loosely: our generator emits it for unions that may overlap.
  }

  if (typeof value === "string") {
    if (typeof schema.minLength === "number" && codePoints(value) < schema.minLength) fail(`shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === "number" && codePoints(value) > schema.maxLength) fail(`longer than ${schema.maxLength}`);
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value)) fail(`does not match ${schema.pattern}`);
    if (schema.format === "date-time" && (!DATE_TIME.test(value) || Number.isNaN(Date.parse(value)))) fail(`${JSON.stringify(value)} is not a date-time`);
    if (schema.format === "email" && !/^[^@\s]+@[^@\s]+$/.test(value)) fail(`${JSON.stringify(value)} is not an email`);
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) fail(`below ${schema.minimum}`);
    if (typeof schema.maximum === "number" && value > schema.maximum) fail(`above ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === "number" && value <= schema.exclusiveMinimum) fail(`not above ${schema.exclusiveMinimum}`);
    if (typeof schema.exclusiveMaximum === "number" && value >= schema.exclusiveMaximum) fail(`not below ${schema.exclusiveMaximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === "number" && value.length < schema.minItems) fail(`fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === "number" && value.length > schema.maxItems) fail(`more than ${schema.maxItems} items`);
    const prefix = (schema.prefixItems as Schema[] | undefined) ?? [];
    value.forEach((item, i) => {
      const itemSchema = i < prefix.length ? prefix[i] : (schema.items as Schema | boolean | undefined);
      if (itemSchema === false) fail(`no item allowed at ${i}`);
      else if (itemSchema && itemSchema !== true) problems.push(...validate(doc, itemSchema, item, `${path}[${i}]`));
    });
  }
  if (typeOf(value) === "object") {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const name of (schema.required as string[] | undefined) ?? []) if (!Object.hasOwn(object, name)) fail(`missing required ${name}`);
    for (const [name, field] of Object.entries(object)) {
      const fieldPath = `${path}.${name}`;
      if (Object.hasOwn(properties, name)) problems.push(...validate(doc, properties[name]!, field, fieldPath));
      else if (schema.additionalProperties === false) fail(`unexpected property ${name}`);
      else if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
        problems.push(...validate(doc, schema.additionalProperties as Schema, field, fieldPath));
      }
    }
  }
  return problems;
}
