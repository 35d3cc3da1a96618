import type { TicketSortField } from "../db/ticket-list";
import type { TicketFilter, TicketRow } from "../db/tickets";
import { teamKeysOf } from "../db/teams";
import { encodeRecord } from "../domain/csv";
import { decodeCursor } from "../http/pagination";
import type { ActionContext } from "./context";
import { listVisibleTickets } from "./ticket-service";

/** Rows per D1 read: few round trips, while one chunk stays small even with long descriptions. */
export const EXPORT_PAGE_SIZE = 500;

type Cell = (row: TicketRow, teamKeys: ReadonlyMap<string, string>) => string;

const text = (value: string | null) => value ?? "";
const instant = (value: Date | null) => value?.toISOString() ?? "";

/**
 * The export's columns, in order. Ids are the API's, so a row can be matched with
 * `GET /tickets/{id}`; `team` is the team's current key, readable where a ticket's `key` keeps the
 * key of the team it was filed in. Absent values are empty cells, tags are joined with `;`,
 * instants are ISO 8601 UTC, and the description, the longest field, comes last.
 */
export const EXPORT_COLUMNS: readonly (readonly [name: string, cell: Cell])[] = [
  ["id", (row) => row.id],
  ["key", (row) => row.key],
  ["title", (row) => row.title],
  ["status", (row) => row.status],
  ["priority", (row) => row.priority],
  ["category", (row) => text(row.category)],
  ["team", (row, teamKeys) => teamKeys.get(row.teamId) ?? ""],
  ["teamId", (row) => row.teamId],
  ["assigneeId", (row) => text(row.assigneeId)],
  ["requesterId", (row) => row.requesterId],
  ["customer", (row) => text(row.customer)],
  ["tags", (row) => row.tags.join(";")],
  ["createdAt", (row) => instant(row.createdAt)],
  ["updatedAt", (row) => instant(row.updatedAt)],
  ["firstRespondedAt", (row) => instant(row.firstRespondedAt)],
  ["resolvedAt", (row) => instant(row.resolvedAt)],
  ["closedAt", (row) => instant(row.closedAt)],
  ["description", (row) => row.description],
];

export type ExportSort = { field: TicketSortField; descending: boolean };

/**
 * The CSV of every ticket the caller may see that matches `filter`, header first, as a stream
 * that reads one keyset page per chunk and the next page only when the reader wants more, so an
 * export of any size holds one page in memory. The first page is read before this returns:
 * a query that fails at once still becomes an ordinary JSON error rather than a cut-off file;
 * a later failure ends the stream with an error, which the client sees as a truncated transfer.
 *
 * Keyset paging never serves a row twice under a stable sort (`createdAt`, the default); a
 * ticket edited during an export sorted by `updatedAt` may move past the cursor or behind it.
 */
export async function ticketCsvStream(ctx: Pick<ActionContext, "db" | "caller">, filter: TicketFilter, sort: ExportSort): Promise<ReadableStream<Uint8Array>> {
  const readPage = (cursor: string | null) =>
    listVisibleTickets(ctx, filter, { ...sort, limit: EXPORT_PAGE_SIZE, cursor: cursor === null ? undefined : decodeCursor(cursor) });
  const teamKeys = await teamKeysOf(ctx.db, ctx.caller.orgId);
  let page: Awaited<ReturnType<typeof readPage>> | null = await readPage(null);
  let header = encodeRecord(EXPORT_COLUMNS.map(([name]) => name));
  const encoder = new TextEncoder();

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (page === null) return controller.close();
      const chunk = header + page.items.map((row) => encodeRecord(EXPORT_COLUMNS.map(([, cell]) => cell(row, teamKeys)))).join("");
      header = "";
      controller.enqueue(encoder.encode(chunk));
      page = page.nextCursor === null ? null : await readPage(page.nextCursor);
    },
  });
}
