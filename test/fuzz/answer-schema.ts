/**
 * Checks an answer against its operation's documented schema with @cfworker/json-schema (JSON
 * Schema 2020-12, runs in workerd without eval), not with the app's own zod schemas: a check made
 * by the code under test would agree with any mistake in it.
 */
import { Validator } from "@cfworker/json-schema";
import type { Document, Schema } from "./json-schema";

const validators = new WeakMap<Schema, Validator>();

/**
 * Every way `value` breaks `schema` (a response schema of `doc`), as "path: problem" lines; empty
 * when it conforms. The schema is validated with the document's components beside it, so that its
 * `#/components/...` references resolve.
 */
export function validate(doc: Document, schema: Schema, value: unknown): string[] {
  let validator = validators.get(schema);
  if (!validator) {
    validator = new Validator({ ...schema, components: doc.components }, "2020-12", false);
    validators.set(schema, validator);
  }
  const { errors } = validator.validate(value);
  // The innermost errors name the bad value; the outer ones only say that a part of it failed.
  const leaves = errors.filter((error) => !errors.some((other) => other !== error && other.keywordLocation.startsWith(`${error.keywordLocation}/`)));
  return leaves.map((error) => `$${error.instanceLocation.slice(1).replaceAll("/", ".")}: ${error.error}`);
}
