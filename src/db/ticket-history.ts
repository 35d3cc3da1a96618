import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { sameTargets, type SlaTargets } from "../domain/sla-timeline";
import { bound, inTableOrder } from "./insert-select";
import type { Database } from "./client";
import { slaEvents, ticketHistory, tickets } from "./schema";

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

export const RETARGETED = "sla.retargeted";
/** The history rows that move SLA clocks: status moves (an automation's too) and re-targets. */
export const CLOCK_ACTIONS = ["status_changed", "reopened", "automation.set_status", RETARGETED];

/**
 * A re-target's history row (what governed the clocks before and after), guarded like the change's
 * own row; none when the policy and its targets stay the same. The SLA timeline replays from it.
 */
export function retargetHistoryAtVersion(db: Database, entry: Omit<HistoryEntry, "action" | "from" | "to">, from: SlaTargets, to: SlaTargets, version: number, onlyIf?: SQL) {
  return sameTargets(from, to) ? [] : [insertHistoryAtVersion(db, { ...entry, action: RETARGETED, from, to }, version, onlyIf)];
}

/** A ticket's history rows that move its SLA clocks, oldest first. */
export function clockHistoryOf(db: Database, ticketId: string) {
  const { at, action, from, to } = ticketHistory;
  return db.select({ at, action, from, to }).from(ticketHistory).where(and(eq(ticketHistory.ticketId, ticketId), inArray(action, CLOCK_ACTIONS))).orderBy(asc(ticketHistory.seq));
}

/** A ticket's SLA crossings as the risk pass recorded them, in the order of their instants. */
export function slaEventsOf(db: Database, ticketId: string) {
  const { at, metric, band } = slaEvents;
  return db.select({ at, metric, band }).from(slaEvents).where(eq(slaEvents.ticketId, ticketId)).orderBy(asc(at), asc(slaEvents.seq));
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
