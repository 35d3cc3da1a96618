import { createRoute, z } from "@hono/zod-openapi";
import { actionContext } from "../http/action-context";
import { authenticate } from "../http/auth";
import { bearerSecurity, errorResponses } from "../http/openapi";
import { listQuery, parseSort } from "../http/pagination";
import { createRouter } from "../http/router";
import { EXPORT_COLUMNS, ticketCsvStream } from "../services/ticket-export";
import { TICKET_SORT_FIELDS, TicketFilterQuery, toTicketFilter } from "./schemas/ticket";

// The list's filters and sort, without its paging: an export is every matching ticket.
const ExportQuery = z
  .strictObject({
    format: z.enum(["csv"]).default("csv").openapi({ description: "The file format; only `csv` for now." }),
    sort: listQuery(TICKET_SORT_FIELDS, "-createdAt").shape.sort,
  })
  .extend(TicketFilterQuery.shape);

const columns = EXPORT_COLUMNS.map(([name]) => `\`${name}\``).join(", ");

const exportTickets = createRoute({
  tags: ["Tickets"],
  security: bearerSecurity,
  method: "get",
  operationId: "exportTickets",
  path: "/export",
  summary: "Download the tickets the caller may see as CSV",
  description:
    "Every ticket the list would serve for the same filters and sort, streamed as one RFC 4180 file (UTF-8, CRLF, a header row). " +
    `Columns: ${columns}. Empty cells stand for null, tags are joined with \`;\`, instants are ISO 8601 UTC. ` +
    "A cell starting with `=`, `+`, `-`, `@`, tab or CR is prefixed with `'` so that spreadsheets do not run it as a formula.",
  middleware: [authenticate],
  request: { query: ExportQuery },
  responses: {
    200: {
      description: "The CSV file, streamed.",
      headers: { "Content-Disposition": { schema: { type: "string" as const }, description: '`attachment; filename="tickets-<YYYY-MM-DD>.csv"`' } },
      content: { "text/csv": { schema: z.string().openapi({ example: "id,key,title,...\r\n" }) } },
    },
    ...errorResponses(400, 401),
  },
});

/** `GET /tickets/export`; mount under `/api/v1/tickets` before the router that owns `/{id}`. */
export const ticketExportRoutes = createRouter().openapi(exportTickets, async (c) => {
  const { format: _format, sort, ...filters } = c.req.valid("query");
  const body = await ticketCsvStream(actionContext(c), toTicketFilter(filters, c.get("now")), parseSort(sort));
  const date = c.get("now").toISOString().slice(0, 10);
  return c.body(body, 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="tickets-${date}.csv"`,
    // The file holds tickets only this caller may see: no shared cache keeps it.
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  });
});
