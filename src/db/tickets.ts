import { and, desc, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { TicketScope } from "../domain/ticket-access";
import type { Priority, TicketStatus } from "../domain/ticket-fields";
import type { Database } from "./client";
import { renderedSelection, rowDecoder } from "./flat-selection";
import { inTableOrder, bound } from "./insert-select";
import { teams, tickets } from "./schema";

export type TicketRow = typeof tickets.$inferSelect;
export type NewTicket = Omit<typeof tickets.$inferInsert, "seq" | "number" | "key">;
/** The fields a PATCH or a status change may write; version and updatedAt are set by the update itself. */
export type TicketPatch = Partial<Omit<TicketRow, "seq" | "id" | "orgId" | "number" | "key" | "version" | "createdAt" | "updatedAt">>;

const KEY_PATTERN = /^[A-Z]{2,10}-[1-9][0-9]*$/;

/**
 * A ticket's stored SLA clocks with their calendars as one JSON array, selected beside the ticket
 * so that an answer's `sla` block costs no second query.
 */
export const clocksColumn = sql<string>`(
  SELECT json_group_array(json_object(
    'metric', m.metric, 'policyId', m.policy_id, 'calendarId', m.calendar_id, 'dueSoonMinutes', m.due_soon_minutes,
    'targetMinutes', m.target_minutes, 'startedAt', m.started_at,
    'pausedMs', m.paused_ms, 'pausedSince', m.paused_since, 'metAt', m.met_at,
    'calendar', (SELECT json_object('timezone', c.timezone, 'hours', json(c.hours), 'holidays', json(c.holidays)) FROM sla_calendars c WHERE c.id = m.calendar_id)))
  FROM sla_metrics m WHERE m.ticket_id = ${tickets.id})`;

/** A ticket's columns with its clocks: what a read that answers the ticket (or re-times it) selects. */
export const withClocks = { ...getTableColumns(tickets), clocks: clocksColumn };

/** A ticket as read with its clocks (`withClocks`). */
export type TicketWithClocks = TicketRow & { clocks: string | null };

/** `withClocks` rendered once, and its rows' decoder (flat-selection.ts): for the reads every ticket answer makes. */
export const TICKET_WITH_CLOCKS = renderedSelection(withClocks);
export const decodeTicket = rowDecoder<TicketWithClocks>(withClocks);
/** The cells of a `TICKET_WITH_CLOCKS` row; a column selected after them is at this index. */
export const TICKET_WITH_CLOCKS_WIDTH = Object.keys(withClocks).length;

/**
 * A ticket of `orgId` by id or by key (`OPS-12`) that `scope` may see, with its clocks; another
 * organization's, or one out of scope, reads as missing. A key may repeat (a ticket moved to
 * another team keeps its key): the newest is the one meant.
 */
export async function findTicket(db: Database, orgId: string, scope: TicketScope, idOrKey: string): Promise<TicketWithClocks | undefined> {
  const [row] = await ticketQuery(db, orgId, scope, idOrKey).values();
  return row && decodeTicket(row);
}

/** findTicket's query: one index seek by id (tickets_id_unique) or by key (tickets_org_key_idx, which also orders). */
export function ticketQuery(db: Database, orgId: string, scope: TicketScope, idOrKey: string) {
  return db.select({ ticket: TICKET_WITH_CLOCKS }).from(tickets).where(ticketMatch(orgId, scope, idOrKey)).orderBy(desc(tickets.createdAt)).limit(1);
}

/** findTicket's query as rows of `withClocks` (at most one), for a D1 batch, which answers objects. */
export function ticketRowQuery(db: Database, orgId: string, scope: TicketScope, idOrKey: string) {
  return db.select(withClocks).from(tickets).where(ticketMatch(orgId, scope, idOrKey)).orderBy(desc(tickets.createdAt)).limit(1);
}

function ticketMatch(orgId: string, scope: TicketScope, idOrKey: string): SQL | undefined {
  return and(scopeCondition(orgId, scope), KEY_PATTERN.test(idOrKey) ? eq(tickets.key, idOrKey) : eq(tickets.id, idOrKey));
}

/**
 * The two statements that create a ticket with the next number of its team: the team's counter
 * moves and the ticket takes the moved value, in one transaction, so concurrent creates get
 * 1, 2, 3… with no gap (a failed batch moves nothing) and no duplicate (the unique index).
 * `guard`, when given, must hold for either to happen; `assignee`, when given, chooses the assignee
 * in the statement itself (auto-assignment).
 */
export function insertTicketStatements(db: Database, ticket: NewTicket, guard?: SQL, assignee?: SQL) {
  const t = ticket;
  const row = {
    seq: bound(null),
    id: bound(t.id),
    orgId: bound(t.orgId),
    teamId: teams.id,
    number: teams.lastTicketNumber,
    key: sql`${teams.key} || '-' || ${teams.lastTicketNumber}`,
    title: bound(t.title),
    description: bound(t.description ?? ""),
    priority: bound(t.priority),
    category: bound(t.category ?? null),
    status: bound(t.status ?? "new"),
    assigneeId: assignee ?? bound(t.assigneeId ?? null),
    requesterId: bound(t.requesterId),
    customer: bound(t.customer ?? null),
    tags: bound(JSON.stringify(t.tags ?? [])),
    version: bound(1),
    reopenCount: bound(0),
    escalationLevel: bound(t.escalationLevel ?? 0),
    escalationId: bound(t.escalationId ?? null),
    escalationBatch: bound(t.escalationBatch ?? null),
    escalationSince: bound(t.escalationSince?.getTime() ?? null),
    escalationRound: bound(0),
    escalationNextStepAt: bound(t.escalationNextStepAt?.getTime() ?? null),
    escalationAcknowledgedAt: bound(null),
    escalationAcknowledgedBy: bound(null),
    createdAt: bound((t.createdAt ?? t.updatedAt).getTime()),
    updatedAt: bound(t.updatedAt.getTime()),
    firstRespondedAt: bound(null),
    resolvedAt: bound(null),
    closedAt: bound(null),
  };
  const team = and(eq(teams.id, t.teamId), eq(teams.orgId, t.orgId), guard);
  return [
    db.update(teams).set({ lastTicketNumber: sql`${teams.lastTicketNumber} + 1` }).where(team),
    db.insert(tickets).select(db.select(inTableOrder(tickets, row)).from(teams).where(team)),
  ] as const;
}

/** One ticket with its clocks, for the end of a write's batch: the answer costs no extra call. */
export function selectTicket(db: Database, id: string) {
  return db.select(withClocks).from(tickets).where(eq(tickets.id, id));
}

/** Writes `patch` only if the ticket is still at `version` (and `onlyIf` holds); returns the new row, or nothing when stale. */
export function updateTicketAtVersion(db: Database, id: string, version: number, patch: TicketPatch, now: Date, onlyIf?: SQL) {
  return db
    .update(tickets)
    .set({ ...patch, updatedAt: now, version: sql`${tickets.version} + 1` })
    .where(and(eq(tickets.id, id), eq(tickets.version, version), onlyIf))
    .returning();
}

export function deleteTicketRow(db: Database, orgId: string, id: string) {
  return db.delete(tickets).where(and(eq(tickets.orgId, orgId), eq(tickets.id, id))).returning({ id: tickets.id, teamId: tickets.teamId, requesterId: tickets.requesterId });
}

/** The condition that keeps a query to the tickets a scope may see. */
export function scopeCondition(orgId: string, scope: TicketScope): SQL {
  const org = eq(tickets.orgId, orgId);
  if (scope.kind === "organization") return org;
  if (scope.kind === "requester") return and(org, eq(tickets.requesterId, scope.userId))!;
  return and(
    org,
    sql`(${tickets.teamId} IN (SELECT team_id FROM team_members WHERE user_id = ${scope.userId}) OR ${tickets.requesterId} = ${scope.userId})`,
  )!;
}

/**
 * The ticket's risk band at `now` as a rank (0 safe, 1 warning, 2 high_risk, 3 breached), from its
 * stored crossing instants alone — no calendar needed. A clock is judged where it stopped (met or
 * paused); the ticket's band is its worst clock not yet met, or its resolution's once both are.
 * Null for a ticket without clocks.
 */
export function riskRankAt(now: number) {
  return sql<number | null>`(
    SELECT coalesce(max(CASE WHEN open THEN rank END), max(CASE WHEN metric = 'resolution' THEN rank END))
    FROM (
      SELECT metric,
        CASE WHEN breached_at <= eff THEN 3 WHEN high_risk_at <= eff THEN 2 WHEN warning_at <= eff THEN 1 ELSE 0 END AS rank,
        (met_at IS NULL OR breached_at < met_at) AS open
      FROM (SELECT *, min(${now}, coalesce(met_at, ${now}), coalesce(paused_since, ${now})) AS eff FROM sla_metrics WHERE ticket_id = ${tickets.id})
    ))`;
}

/** The earliest due instant among a ticket's running clocks (null while none runs). */
const earliestDue = sql`(SELECT min(due_at) FROM sla_metrics WHERE ticket_id = ${tickets.id} AND met_at IS NULL)`;

/**
 * Up to `limit` of the tickets `scope` may see that match `filter`, with their clocks, most urgent
 * first: worst risk band at `now`, then earliest due, then most recently updated; tickets without
 * clocks come last. Both keys come from the stored crossing instants, a few primary-key seeks per
 * ticket: what a team room's snapshot keeps when the team has more active tickets than it holds.
 */
export function mostUrgentTickets(db: Database, orgId: string, scope: TicketScope, filter: TicketFilter, now: number, limit: number) {
  return db
    .select(withClocks)
    .from(tickets)
    .where(and(scopeCondition(orgId, scope), ...filterConditions(filter, undefined)))
    .orderBy(sql`${riskRankAt(now)} DESC NULLS LAST`, sql`${earliestDue} ASC NULLS LAST`, desc(tickets.updatedAt), desc(tickets.id))
    .limit(limit);
}

export type TicketFilter = {
  status?: TicketStatus[];
  priority?: Priority[];
  teamId?: string;
  assigneeId?: string | null;
  requesterId?: string;
  /** Tickets assigned to or requested by this user. */
  involves?: string;
  category?: string;
  q?: string;
  /** Tickets whose risk band at `at` is one of `bands` (ranks 0–3, see riskRankAt). */
  risk?: { ranks: number[]; at: number };
};

const inList = (column: SQLiteColumn, values: readonly string[]) => sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;

/** The filter's conditions; `ftsQuery` is the already-escaped FTS5 query for `q`. */
export function filterConditions(filter: TicketFilter, ftsQuery: string | undefined): (SQL | undefined)[] {
  return [
    filter.status?.length ? inList(tickets.status, filter.status) : undefined,
    filter.priority?.length ? inList(tickets.priority, filter.priority) : undefined,
    filter.teamId ? eq(tickets.teamId, filter.teamId) : undefined,
    filter.assigneeId === null ? sql`${tickets.assigneeId} IS NULL` : filter.assigneeId ? eq(tickets.assigneeId, filter.assigneeId) : undefined,
    filter.requesterId ? eq(tickets.requesterId, filter.requesterId) : undefined,
    filter.involves ? sql`(${tickets.assigneeId} = ${filter.involves} OR ${tickets.requesterId} = ${filter.involves})` : undefined,
    filter.category ? eq(tickets.category, filter.category) : undefined,
    filter.risk ? sql`${riskRankAt(filter.risk.at)} IN (SELECT value FROM json_each(${JSON.stringify(filter.risk.ranks)}))` : undefined,
    ftsQuery ? sql`${tickets}.rowid IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ${ftsQuery})` : undefined,
  ];
}

/**
 * True while ticket `id` exists (at `version`, when given): ties another statement of a batch to
 * the ticket's own write, which has the same condition.
 */
export function ticketIsAt(id: string, version?: number): SQL {
  const atVersion = version === undefined ? sql`` : sql` AND ${tickets.version} = ${version}`;
  return sql`EXISTS (SELECT 1 FROM ${tickets} WHERE ${tickets.id} = ${id}${atVersion})`;
}

/**
 * Tickets by id with their clocks, in one query whatever their number (one JSON parameter). The ids
 * come from rows the caller already scoped (an organization's metrics, a team's SLA events).
 */
export function ticketsByIds(db: Database, ids: readonly string[]) {
  return db
    .select(withClocks)
    .from(tickets)
    .where(sql`${tickets.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`);
}

/** The team's next escalation step (the partial index on (team_id, escalation_next_step_at)). */
export function nextStepOfTeam(db: Database, teamId: string) {
  return db
    .select({ at: sql<number | null>`min(${tickets.escalationNextStepAt})` })
    .from(tickets)
    .where(and(eq(tickets.teamId, teamId), sql`${tickets.escalationNextStepAt} IS NOT NULL`));
}
