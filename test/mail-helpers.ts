// What the test SMTP peers (test/setup/smtp-server.ts) received, read from their HTTP inbox, and a
// minimal MIME reader for it: enough for the messages worker-mailer composes (multipart, quoted-
// printable or base64 parts, encoded-word headers), not a general parser.
import { inject } from "vitest";
import type { ReceivedMail, SmtpEvent } from "./setup/smtp-server";

export type { ReceivedMail, SmtpEvent };

/** The messages the peers received for `to` (every message when omitted), oldest first. */
export async function receivedMail(to?: string): Promise<ReceivedMail[]> {
  const query = to === undefined ? "" : `?to=${encodeURIComponent(to)}`;
  const response = await fetch(`${inject("smtp").inboxUrl}/messages${query}`);
  return response.json();
}

/** What one peer saw: connections, each command it read (AUTH arguments redacted), closes. */
export async function smtpEvents(server: "plain" | "noStartTls" | "startTls" | "injecting" | "silent"): Promise<SmtpEvent[]> {
  const response = await fetch(`${inject("smtp").inboxUrl}/events?server=${server}`);
  return response.json();
}

export type MimePart = { headers: Map<string, string>; contentType: string; body: string };
export type ParsedMail = { headers: Map<string, string>; parts: MimePart[] };

/** The top-level headers (decoded) and the leaf parts (bodies decoded to text) of a message. */
export function parseMail(raw: string): ParsedMail {
  const { headers, body } = splitEntity(raw);
  return { headers, parts: leafParts(headers, body) };
}

function splitEntity(raw: string): { headers: Map<string, string>; body: string } {
  const normalized = raw.replace(/\r\n/g, "\n");
  const end = normalized.indexOf("\n\n");
  const head = end < 0 ? normalized : normalized.slice(0, end);
  const body = end < 0 ? "" : normalized.slice(end + 2);
  const headers = new Map<string, string>();
  for (const field of head.replace(/\n[ \t]+/g, " ").split("\n")) {
    const colon = field.indexOf(":");
    if (colon > 0) headers.set(field.slice(0, colon).trim().toLowerCase(), decodeWords(field.slice(colon + 1).trim()));
  }
  return { headers, body };
}

function leafParts(headers: Map<string, string>, body: string): MimePart[] {
  const contentType = headers.get("content-type") ?? "text/plain";
  const mimeType = contentType.split(";")[0]!.trim().toLowerCase();
  if (mimeType.startsWith("multipart/")) {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
    if (!boundary) throw new Error(`multipart without boundary: ${contentType}`);
    const sections = body.split(new RegExp(`^--${escapeRegExp(boundary)}(?:--)?[ \\t]*$`, "m"));
    // sections[0] is the preamble, the last one the epilogue after the closing delimiter
    return sections.slice(1, -1).flatMap((section) => {
      const part = splitEntity(section.replace(/^\n/, ""));
      return leafParts(part.headers, part.body);
    });
  }
  const encoding = (headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  return [{ headers, contentType: mimeType, body: decodeBody(body.replace(/\n$/, ""), encoding) }];
}

function decodeBody(body: string, encoding: string): string {
  if (encoding === "quoted-printable") return utf8(quotedPrintableBytes(body.replace(/=\n/g, "")));
  if (encoding === "base64") return utf8(Uint8Array.from(atob(body.replace(/\s+/g, "")), (c) => c.charCodeAt(0)));
  return body;
}

function quotedPrintableBytes(text: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "=" && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...new TextEncoder().encode(text[i]!));
    }
  }
  return Uint8Array.from(bytes);
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`). */
function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_, _charset: string, kind: string, text: string) => {
    if (kind.toUpperCase() === "B") return utf8(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));
    return utf8(quotedPrintableBytes(text.replace(/_/g, " ")));
  });
}

function utf8(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
