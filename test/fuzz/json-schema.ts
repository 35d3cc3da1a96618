/**
 * The OpenAPI document's schemas as the sweep's generators read them (answers are checked by
 * answer-schema.ts, with @cfworker/json-schema).
 */
export type Schema = { [keyword: string]: unknown };
export type Document = { components?: { schemas?: Record<string, Schema> } };

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
