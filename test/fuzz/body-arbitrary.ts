/**
 * Request bodies: JSON from the operation's request schema (calm or chaotic), or what clients get
 * wrong — another JSON type, malformed JSON, JSON sent as text/plain, no body at all — and files
 * for the upload, raw or multipart, executables included.
 */
import fc from "fast-check";
import type { Schema } from "./json-schema";
import { ANY_JSON } from "./nasty-values";
import type { Operation } from "./request-arbitrary";
import { node, type Gen } from "./schema-arbitrary";

export type Body = { body?: string | Uint8Array | FormData; contentType?: string };

function jsonBody(schema: Schema, g: Gen): fc.Arbitrary<Body> {
  const json = (value: unknown): Body => ({ body: JSON.stringify(value), contentType: "application/json" });
  return fc.oneof(
    { weight: 16, arbitrary: node(schema, g).map(json) },
    { weight: 1, arbitrary: fc.constantFrom(...ANY_JSON).map(json) },
    { weight: 1, arbitrary: fc.constantFrom('{"title":', "{'a':1}", "[1,]", "\u0000", "", "nul").map((body) => ({ body, contentType: "application/json" })) },
    { weight: 1, arbitrary: node(schema, g).map((value) => ({ body: JSON.stringify(value), contentType: "text/plain" })) },
    { weight: 1, arbitrary: fc.constant<Body>({}) },
  );
}

const FILE_TYPES = ["application/octet-stream", "text/plain", "image/png", "application/x-msdownload", "application/pdf", "", "text/html; charset=utf-8", "multipart/form-data"];

/** A file upload: raw bytes with their own type, or multipart with one `file` field. */
function fileBody(): fc.Arbitrary<Body> {
  const bytes = fc.oneof(fc.uint8Array({ maxLength: 2048 }), fc.constantFrom(new TextEncoder().encode("MZ\x90\x00executable"), new TextEncoder().encode("#!/bin/sh\n")));
  return fc.oneof(
    fc.tuple(bytes, fc.constantFrom(...FILE_TYPES)).map(([body, contentType]): Body => ({ body, contentType })),
    fc.tuple(bytes, fc.constantFrom("a.txt", "evil.exe", "../../x", "😀.png", "", "a\u0000b")).map(([data, name]): Body => {
      const form = new FormData();
      form.append("file", new File([data], name));
      return { body: form };
    }),
  );
}

export function bodyArbitrary(op: Operation, g: Gen): fc.Arbitrary<Body> {
  const content = op.spec.requestBody?.content ?? {};
  const schema = content["application/json"]?.schema;
  if (schema) return jsonBody(schema, g);
  if (Object.keys(content).length > 0) return fc.oneof({ weight: 4, arbitrary: fileBody() }, { weight: 1, arbitrary: jsonBody({ type: "object" }, g) });
  if (op.method === "get" || op.method === "head") return fc.constant({});
  // An operation without a body, sent one anyway now and then.
  return fc.oneof({ weight: 9, arbitrary: fc.constant<Body>({}) }, { weight: 1, arbitrary: jsonBody({ type: "object", properties: { x: { type: "string" } } }, g) });
}
