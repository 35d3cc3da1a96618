import { z } from "@hono/zod-openapi";
import { toBase64Url, fromBase64Url } from "../auth/encoding";
import { ApiError } from "./errors";

/** A position in a keyset-ordered list: the sort value and id of the last item served. */
export type Cursor = { value: string | number; id: string };

export function encodeCursor(cursor: Cursor): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify([cursor.value, cursor.id])));
}

export function decodeCursor(text: string): Cursor {
  try {
    const [value, id] = JSON.parse(new TextDecoder().decode(fromBase64Url(text))) as unknown[];
    if ((typeof value === "string" || typeof value === "number") && typeof id === "string") return { value, id };
  } catch {
    // fall through to the same answer as a well-formed but meaningless cursor
  }
  throw ApiError.validation([{ path: "cursor", message: "Not a cursor this list gave out." }]);
}

export type SortValue<F extends string> = F | `-${F}`;

// A cursor is base64url of `[sort value, id]`: a name or an email (≤ 254 characters, up to 4 bytes
// each in UTF-8) and an id (≤ 64) come to about 1,400 characters; anything longer was not given out.
const MAX_CURSOR_LENGTH = 2048;

/** `?limit` and `?cursor` of every paged list (contract §1). */
export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: "Items per page, 1–200.", format: "int32" }),
  cursor: z.string().min(1).max(MAX_CURSOR_LENGTH).optional().openapi({ description: "The `nextCursor` of the previous page." }),
});

/** `?limit`, `?cursor` and `?sort` for a list whose sortable fields are `fields` (contract §1). */
export function listQuery<F extends string>(fields: readonly F[], defaultSort: SortValue<F>) {
  const sorts = fields.flatMap((field) => [field, `-${field}`]) as [SortValue<F>, ...SortValue<F>[]];
  return PageQuery.extend({
    // The cast only helps TypeScript through the generic union; zod still checks the default.
    sort: z.enum(sorts).default(defaultSort as never).openapi({ description: "A field to sort by; `-field` sorts descending." }),
  });
}

/** Splits `-field` into the field and its direction. */
export function parseSort<F extends string>(sort: SortValue<F>): { field: F; descending: boolean } {
  return sort.startsWith("-") ? { field: sort.slice(1) as F, descending: true } : { field: sort as F, descending: false };
}

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only proves there is a next page, and
 * the cursor points at the last row served.
 */
export function toPage<Row>(rows: Row[], limit: number, cursorOf: (row: Row) => Cursor) {
  const served = rows.slice(0, limit);
  const last = served.at(-1);
  return {
    items: served,
    nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null,
  };
}

/** The cursor of a list ordered by creation: `createdAt` (ms) and id. */
export const byCreatedAt = (row: { createdAt: Date; id: string }): Cursor => ({ value: row.createdAt.getTime(), id: row.id });

/** What a keyset list query needs: its sort, where to resume, and how many rows to serve. */
export type PageRequest<F extends string> = { field: F; descending: boolean; cursor?: Cursor; limit: number };

/** Reads a validated list query (see `listQuery`); a cursor this API did not give out is a 400. */
export function toPageRequest<F extends string>(query: { limit: number; cursor?: string; sort: SortValue<F> }): PageRequest<F> {
  return { ...parseSort(query.sort), cursor: query.cursor === undefined ? undefined : decodeCursor(query.cursor), limit: query.limit };
}
