import type { Database } from "../db/client";
import { violationRows, type ViolationCursor } from "../db/reports/violations";
import { ticketsByIds } from "../db/tickets";
import { metricStatus } from "../domain/sla-clock";
import { decodeCursor, encodeCursor } from "../http/pagination";
import type { ReportFrame } from "./report-scope";
import { storedClocks } from "./ticket-sla";

const MINUTE = 60_000;

function afterCursor(text: string | undefined): ViolationCursor | undefined {
  if (text === undefined) return undefined;
  const cursor = decodeCursor(text);
  return { at: Number(cursor.value), seq: Number(cursor.id) };
}

/**
 * `GET /reports/violations`: the metrics in scope breached in the range, newest breach first, with
 * how many business minutes past due each is — when it was met late, or now for one still open
 * (read from its clock and calendar, for this page's tickets only).
 */
export async function violationsReport(db: Database, frame: ReportFrame, page: { limit: number; cursor?: string }) {
  const rows = await violationRows(db, frame.scope, frame.range, page.limit, afterCursor(page.cursor));
  const items = rows.slice(0, page.limit);
  const open = [...new Set(items.filter((row) => row.metAt === null).map((row) => row.ticketId))];
  const clocks = new Map((open.length > 0 ? await ticketsByIds(db, open) : []).map((ticket) => [ticket.id, storedClocks(ticket)]));
  const elapsedMinutes = (row: (typeof items)[number]) => {
    if (row.metAt !== null) return row.metElapsedMs === null ? null : Math.floor(row.metElapsedMs / MINUTE);
    const stored = clocks.get(row.ticketId);
    return stored ? metricStatus(stored.governance.calendar, stored.clocks[row.metric], frame.now).elapsedMinutes : null;
  };
  const last = items.at(-1);
  return {
    items: items.map((row) => {
      const elapsed = elapsedMinutes(row);
      return { ticketId: row.ticketId, ticketKey: row.ticketKey, metric: row.metric, dueAt: new Date(row.dueAt).toISOString(), breachedByMinutes: elapsed === null ? null : elapsed - row.targetMinutes };
    }),
    nextCursor: rows.length > page.limit && last ? encodeCursor({ value: last.dueAt, id: String(last.seq) }) : null,
  };
}
