/**
 * True when an `If-None-Match` header names `etag` (a quoted tag) or `*`, comparing weakly as
 * RFC 9110 asks for a conditional GET: `W/"x"` matches `"x"`.
 */
export function ifNoneMatchHits(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}
