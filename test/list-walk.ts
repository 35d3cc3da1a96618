import { expect } from "vitest";
import { api } from "./helpers";

/**
 * Follows `nextCursor` from the first page of `path` to the last and returns every item served.
 * Stops with a failure rather than looping if a cursor ever repeats.
 */
export async function walkList<T = Record<string, unknown>>(path: string, token: string): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const res = await api("GET", cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path, { token });
    expect(res.status, res.text).toBe(200);
    items.push(...res.json.items);
    pages += 1;
    cursor = res.json.nextCursor;
    if (cursor !== null) {
      expect(seen.has(cursor), "a cursor came back twice").toBe(false);
      seen.add(cursor);
    }
  } while (cursor !== null);
  return { items, pages };
}

/** A sorted copy of `values`, by plain code units as SQLite's default BINARY collation orders text. */
export function sortedBy<T>(values: T[], descending = false): T[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0) * (descending ? -1 : 1));
}
