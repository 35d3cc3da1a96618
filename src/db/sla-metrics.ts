import { and, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import type { Database } from "./client";
import { bound, inTableOrder } from "./insert-select";
import { slaMetrics, tickets } from "./schema";

export type MetricRow = typeof slaMetrics.$inferSelect;

const instant = (date: Date | null) => bound(date === null ? null : date.getTime());

/** Every column taken from the proposed row on a conflict, but the key. */
const REPLACE = Object.fromEntries(
  Object.entries(getTableColumns(slaMetrics))
    .filter(([name]) => name !== "ticketId" && name !== "metric")
    .map(([name, column]) => [name, sql.raw(`excluded.${column.name}`)]),
);

/**
 * Writes a metric row (insert or replace) only while its ticket is still at `version`: it goes in
 * the batch of a versioned ticket write, before the ticket's own update, so the clock and the
 * change stand or fall together.
 */
export function putMetricAtVersion(db: Database, row: MetricRow, version: number) {
  const values = {
    ticketId: tickets.id,
    metric: bound(row.metric),
    orgId: bound(row.orgId),
    teamId: bound(row.teamId),
    policyId: bound(row.policyId),
    calendarId: bound(row.calendarId),
    targetMinutes: bound(row.targetMinutes),
    dueSoonMinutes: bound(row.dueSoonMinutes),
    startedAt: instant(row.startedAt),
    pausedMs: bound(row.pausedMs),
    pausedSince: instant(row.pausedSince),
    metAt: instant(row.metAt),
    metElapsedMs: bound(row.metElapsedMs),
    dueAt: instant(row.dueAt),
    warningAt: instant(row.warningAt),
    highRiskAt: instant(row.highRiskAt),
    dueSoonAt: instant(row.dueSoonAt),
    breachedAt: instant(row.breachedAt),
    nextCrossingAt: instant(row.nextCrossingAt),
  };
  return db
    .insert(slaMetrics)
    .select(db.select(inTableOrder(slaMetrics, values)).from(tickets).where(and(eq(tickets.id, row.ticketId), eq(tickets.version, version))))
    .onConflictDoUpdate({ target: [slaMetrics.ticketId, slaMetrics.metric], set: REPLACE });
}

/** The running or paused metrics governed by a policy or a calendar, for re-timing. */
export function unmetMetricsWhere(db: Database, orgId: string, governs: SQL) {
  return db
    .select()
    .from(slaMetrics)
    .where(and(eq(slaMetrics.orgId, orgId), sql`${slaMetrics.metAt} IS NULL`, governs));
}

/**
 * Meets a ticket's response clock at `at` unless it was met before, with the business ms it had
 * counted then (`elapsedMs`, from the clock as read): one conditional statement in the reply's own
 * batch, right even when two replies race (the first keeps its instant and its count).
 */
export function meetResponse(db: Database, ticketId: string, at: Date, elapsedMs: number | null) {
  return db
    .update(slaMetrics)
    // A crossing reached before the reply stays for the pass to raise; later ones never come.
    .set({ metAt: at, metElapsedMs: elapsedMs, nextCrossingAt: sql`CASE WHEN ${slaMetrics.nextCrossingAt} <= ${at.getTime()} THEN ${slaMetrics.nextCrossingAt} END` })
    .where(and(eq(slaMetrics.ticketId, ticketId), eq(slaMetrics.metric, "response"), sql`${slaMetrics.metAt} IS NULL`));
}

/** The team's next SLA crossing: one seek in the partial (team, next crossing) index. */
export function nextCrossingOfTeam(db: Database, teamId: string) {
  return db
    .select({ at: sql<number | null>`min(${slaMetrics.nextCrossingAt})` })
    .from(slaMetrics)
    .where(and(eq(slaMetrics.teamId, teamId), sql`${slaMetrics.nextCrossingAt} IS NOT NULL`));
}
