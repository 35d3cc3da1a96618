import { sql, type SQL } from "drizzle-orm";
import type { Priority } from "../../domain/ticket-fields";
import type { Database } from "../client";
import type { OffsetSegment } from "../../domain/zone-offsets";

/**
 * Which tickets a report counts (contract §8): an organization's, narrowed to the teams of an
 * agent (`memberOf`), to one team and to one priority. Reports read `tickets` unaliased, so that
 * the conditions here and `riskRankAt`'s correlated subquery name the same row.
 */
export type ReportScope = { orgId: string; memberOf?: string; teamId?: string; priority?: Priority };

/**
 * Tickets still being worked (not resolved or closed). Listed rather than NOT IN: an IN list seeks
 * the (org, status, created) index.
 */
export const activeTickets = sql`tickets.status IN ('new', 'open', 'in_progress', 'pending')`;

/** The condition on `tickets` that keeps a report to its scope. */
export function inScope(scope: ReportScope): SQL {
  const parts = [sql`tickets.org_id = ${scope.orgId}`];
  if (scope.memberOf) parts.push(sql`tickets.team_id IN (SELECT team_id FROM team_members WHERE user_id = ${scope.memberOf})`);
  if (scope.teamId) parts.push(sql`tickets.team_id = ${scope.teamId}`);
  if (scope.priority) parts.push(sql`tickets.priority = ${scope.priority}`);
  return sql.join(parts, sql` AND `);
}

/** The ids of the teams in scope, for answers that list every team, counted or not. */
export function teamsInScope(scope: ReportScope): SQL {
  const member = scope.memberOf ? sql` AND id IN (SELECT team_id FROM team_members WHERE user_id = ${scope.memberOf})` : sql``;
  const one = scope.teamId ? sql` AND id = ${scope.teamId}` : sql``;
  return sql`SELECT id FROM teams WHERE org_id = ${scope.orgId}${member}${one}`;
}

const integer = (value: number) => {
  if (!Number.isSafeInteger(value)) throw new RangeError(`Not an integer: ${value}`);
  return sql.raw(String(value));
};

/**
 * The local date (`YYYY-MM-DD`) of an instant column in the organization's zone: SQLite knows no
 * zones, so the offset of each DST segment is written into the statement (integers computed here,
 * never text from a client).
 */
export function localDate(column: SQL, segments: readonly OffsetSegment[]): SQL {
  const [first, ...changes] = segments;
  const offset = changes.length === 0
    ? integer(first!.offsetMs)
    : sql`CASE ${sql.join(changes.toReversed().map((s) => sql`WHEN ${column} >= ${integer(s.from)} THEN ${integer(s.offsetMs)}`), sql` `)} ELSE ${integer(first!.offsetMs)} END`;
  return sql`date((${column} + ${offset}) / 1000, 'unixepoch')`;
}

/** The ids of the teams in scope. */
export function teamIds(db: Database, scope: ReportScope) {
  return db.all<{ id: string }>(teamsInScope(scope));
}
