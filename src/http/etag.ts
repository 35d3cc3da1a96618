import { sha256Hex } from "../auth/encoding";

/**
 * True when an `If-None-Match` header names `etag` (a quoted tag) or `*`, comparing weakly as
 * RFC 9110 asks for a conditional GET: `W/"x"` matches `"x"`.
 */
export function ifNoneMatchHits(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

/** A strong tag of an answer's own content: any change to what it holds changes the tag. */
export async function contentTag(body: unknown): Promise<string> {
  return `"${(await sha256Hex(JSON.stringify(body))).slice(0, 32)}"`;
}
