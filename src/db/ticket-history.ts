import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { bound, inTableOrder } from "./insert-select";
import type { Database } from "./client";
import { ticketHistory, tickets } from "./schema";

export type HistoryEntry = {
  ticketId: string;
  at: Date;
  actorId: string | null;
  action: string;
  from?: unknown;
  to?: unknown;
  ip: string | null;
};

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** The statement that records one history row, for the batch that makes the change. */
export function insertHistory(db: Database, entry: HistoryEntry) {
  return db.insert(ticketHistory).values({ ...entry, from: entry.from ?? null, to: entry.to ?? null });
}

/**
 * Records a history row only while the ticket is still at `version` (and `onlyIf` holds). It goes first in the batch of
 * a conditional update guarded the same way, so the change and its history row stand or fall
 * together: D1 runs a batch as one transaction, with no other writer in between.
 */
export function insertHistoryAtVersion(db: Database, entry: HistoryEntry, version: number, onlyIf?: SQL) {
  const row = {
    seq: bound(null),
    ticketId: tickets.id,
    at: bound(entry.at.getTime()),
    actorId: bound(entry.actorId),
    action: bound(entry.action),
    from: bound(json(entry.from)),
    to: bound(json(entry.to)),
    ip: bound(entry.ip),
  };
  return db.insert(ticketHistory).select(db.select(inTableOrder(ticketHistory, row)).from(tickets).where(and(eq(tickets.id, entry.ticketId), eq(tickets.version, version), onlyIf)));
}

/** A ticket's whole history, oldest first. */
export function historyOf(db: Database, ticketId: string) {
  return db.select().from(ticketHistory).where(eq(ticketHistory.ticketId, ticketId)).orderBy(asc(ticketHistory.seq));
}

/** Several history rows of one change in one statement (one JSON parameter), only while `onlyIf` holds. */
export function insertHistoryRowsIf(db: Database, ticketId: string, entries: readonly Omit<HistoryEntry, "ticketId">[], onlyIf: SQL) {
  const rows = JSON.stringify(entries.map((entry) => ({ ...entry, at: entry.at.getTime(), from: json(entry.from), to: json(entry.to) })));
  return db.insert(ticketHistory).select(sql`SELECT NULL, t.id, json_extract(e.value, '$.at'), json_extract(e.value, '$.actorId'), json_extract(e.value, '$.action'),
      json_extract(e.value, '$.from'), json_extract(e.value, '$.to'), json_extract(e.value, '$.ip')
    FROM tickets t, json_each(${rows}) e WHERE t.id = ${ticketId} AND ${onlyIf} ORDER BY e.key`);
}
