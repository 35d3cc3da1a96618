import { exports } from "cloudflare:workers";
import { env } from "cloudflare:workers";
import { expect } from "vitest";

export const MIB = 1024 * 1024;

/** `size` bytes that are not UTF-8 (every byte value, in a scrambled order), starting with `head`. */
export function binaryPayload(size: number, head: Uint8Array = new Uint8Array()): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 1) bytes[i] = (i * 167 + (i >> 8) * 13 + 0x80) & 0xff;
  bytes.set(head.subarray(0, size));
  return bytes;
}

/** `bytes` as a body that announces no length, in chunks of `chunk` bytes, as a chunked upload does. */
export function chunkedBody(bytes: Uint8Array, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(sent, sent + chunk));
      sent += chunk;
    },
  });
}

/**
 * Asserts two byte strings are equal. Not `toEqual`: on megabytes it walks every index as a key
 * and prints a diff of millions of lines when they differ.
 */
export function expectSameBytes(actual: Uint8Array, expected: Uint8Array) {
  expect(actual.byteLength, "length").toBe(expected.byteLength);
  const firstDifference = expected.findIndex((byte, i) => actual[i] !== byte);
  expect(firstDifference, "index of the first differing byte").toBe(-1);
}

export async function sha256Hex(bytes: Uint8Array | ArrayBuffer): Promise<string> {
  return Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)), (b) => b.toString(16).padStart(2, "0")).join("");
}

type SendOptions = { token?: string; body?: BodyInit; headers?: Record<string, string> };

/** Like `api()` but sends any body as is (bytes, a stream, FormData) and keeps the answer's bytes. */
export async function send(method: string, path: string, options: SendOptions = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  const res = await exports.default.fetch(`http://slaguard.test${path}`, { method, headers, body: options.body });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  const json = text && res.headers.get("Content-Type")?.startsWith("application/json") ? JSON.parse(text) : undefined;
  return { status: res.status, headers: res.headers, bytes, text, json };
}

/** Uploads `bytes` as a raw body named `name`. */
export function uploadRaw(token: string, ticketId: string, name: string, bytes: BodyInit, contentType = "application/octet-stream") {
  return send("POST", `/api/v1/tickets/${ticketId}/attachments`, { token, body: bytes, headers: { "Content-Type": contentType, "X-Filename": name } });
}

/** Uploads `bytes` as the `file` field of a multipart/form-data body. */
export function uploadForm(token: string, ticketId: string, name: string, bytes: Uint8Array, type = "application/octet-stream") {
  const form = new FormData();
  form.append("file", new File([bytes], name, { type }));
  return send("POST", `/api/v1/tickets/${ticketId}/attachments`, { token, body: form });
}

/** The keys R2 holds for a ticket. */
export async function objectKeys(orgId: string, ticketId: string): Promise<string[]> {
  const listed = await env.ATTACHMENTS.list({ prefix: `${orgId}/${ticketId}/` });
  return listed.objects.map((object) => object.key);
}
