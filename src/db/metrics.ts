import { and, count, eq, gte, lte, sql, sum } from "drizzle-orm";
import type { Database } from "./client";
import { deliveries, escalations, slaEvents, slaMetrics, tickets } from "./schema";
import { metInTime } from "./reports/facts";
import { activeTickets } from "./reports/scope";
import { riskRankAt } from "./tickets";

/** Where the compliance window starts and ends (inclusive), in ms since the epoch. */
export type ComplianceWindow = { from: number; to: number };

/** Open tickets of every organization by team, priority and risk rank at `now` (null: no clock). */
function openTicketCounts(db: Database, now: number) {
  const open = db
    .select({ teamId: tickets.teamId, priority: tickets.priority, rank: riskRankAt(now).as("rank") })
    .from(tickets)
    .where(activeTickets)
    .as("open_tickets");
  return db
    .select({ teamId: open.teamId, priority: open.priority, rank: open.rank, count: count() })
    .from(open)
    .groupBy(open.teamId, open.priority, sql`${open.rank}`)
    .orderBy(open.teamId, open.priority, sql`${open.rank}`);
}

/**
 * Clocks completed in the window by team and metric: met in time (by `met_at`) or breached (by the
 * breached event's instant). A team and metric with nothing completed has no row.
 */
function completedClockCounts(db: Database, window: ComplianceWindow) {
  const met = db
    .select({ teamId: slaMetrics.teamId, metric: slaMetrics.metric, met: sql<number>`1`.as("met"), breached: sql<number>`0`.as("breached") })
    .from(slaMetrics)
    .where(and(gte(slaMetrics.metAt, new Date(window.from)), lte(slaMetrics.metAt, new Date(window.to)), metInTime));
  const breached = db
    .select({ teamId: slaEvents.teamId, metric: slaEvents.metric, met: sql<number>`0`.as("met"), breached: sql<number>`1`.as("breached") })
    .from(slaEvents)
    .where(and(eq(slaEvents.band, "breached"), gte(slaEvents.at, new Date(window.from)), lte(slaEvents.at, new Date(window.to))));
  const completed = met.unionAll(breached).as("completed");
  return db
    .select({ teamId: completed.teamId, metric: completed.metric, met: sum(completed.met).mapWith(Number), breached: sum(completed.breached).mapWith(Number) })
    .from(completed)
    .groupBy(completed.teamId, completed.metric)
    .orderBy(completed.teamId, completed.metric);
}

/**
 * Every figure of `GET /metrics`, across all organizations, in one D1 round trip: five grouped
 * counts, whatever the number of tickets. Rows come sorted, so that successive scrapes read alike.
 */
export function readMetricCounts(db: Database, now: number, window: ComplianceWindow) {
  return db.batch([
    openTicketCounts(db, now),
    completedClockCounts(db, window),
    db
      .select({ teamId: slaEvents.teamId, band: slaEvents.band, count: count() })
      .from(slaEvents)
      .groupBy(slaEvents.teamId, slaEvents.band)
      .orderBy(slaEvents.teamId, slaEvents.band),
    db.select({ teamId: escalations.teamId, count: count() }).from(escalations).groupBy(escalations.teamId).orderBy(escalations.teamId),
    db
      .select({ channel: deliveries.channel, status: deliveries.status, count: count() })
      .from(deliveries)
      .groupBy(deliveries.channel, deliveries.status)
      .orderBy(deliveries.channel, deliveries.status),
  ]);
}
