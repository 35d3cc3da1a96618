import { and, eq, sql, type SQL } from "drizzle-orm";
import { ACTIVE_STATUSES } from "../domain/ticket-fields";
import type { Database } from "./client";
import { AUTO_ASSIGN_RULE } from "../domain/auto-assign";
import { teamMembers, ticketHistory, tickets, users } from "./schema";
import type { HistoryEntry } from "./ticket-history";

const ACTIVE = JSON.stringify(ACTIVE_STATUSES);

/**
 * What auto-assignment reads of a team's members (contract §5): availability, skills, cap, how
 * many active tickets each holds (any team), and their assignment count and time for the round
 * robin. Active users only; one query.
 */
export function assignmentCandidates(db: Database, orgId: string, teamId: string) {
  return db
    .select({
      userId: teamMembers.userId,
      available: teamMembers.available,
      skills: teamMembers.skills,
      maxActive: teamMembers.maxActive,
      assignCount: teamMembers.assignCount,
      lastAssignedAt: teamMembers.lastAssignedAt,
      activeCount: sql<number>`(SELECT count(*) FROM ${tickets} t WHERE t.assignee_id = ${teamMembers.userId} AND t.status IN (SELECT value FROM json_each(${ACTIVE})))`,
    })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(and(eq(teamMembers.teamId, teamId), eq(users.orgId, orgId), eq(users.active, true)));
}

export type CandidateRow = Awaited<ReturnType<typeof assignmentCandidates>>[number];

/** True while the member's assignment count is still `count`: what an auto-assignment read. */
export function assignCountIs(teamId: string, userId: string, count: number): SQL {
  return sql`EXISTS (SELECT 1 FROM ${teamMembers} WHERE ${teamMembers.teamId} = ${teamId} AND ${teamMembers.userId} = ${userId} AND ${teamMembers.assignCount} = ${count})`;
}

/**
 * Counts an assignment of a team's ticket to `userId` at `now` (round robin: the longest since the
 * last one goes first). `onlyIf` ties it to the assignment happening in the same batch.
 */
export function recordAssignment(db: Database, teamId: string, userId: string, now: Date, onlyIf?: SQL) {
  return db
    .update(teamMembers)
    .set({ assignCount: sql`${teamMembers.assignCount} + 1`, lastAssignedAt: now })
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId), onlyIf));
}

/**
 * The members auto-assignment may choose for a ticket of `category` (contract §5), as SQL over D1
 * at the instant the statement runs — the rule of src/domain/auto-assign.ts (`chooseAssignee`,
 * which a test holds this to): available active members, the skilled ones unless none is, below
 * their cap; `active` their active tickets, leaving out `exceptTicket`.
 */
function eligiblePool(orgId: string, teamId: string, category: string | null, exceptTicket: string): SQL {
  return sql`WITH cand AS (
      SELECT m.user_id, m.max_active, m.last_assigned_at,
        (SELECT count(*) FROM tickets t WHERE t.assignee_id = m.user_id AND t.id <> ${exceptTicket} AND t.status IN (SELECT value FROM json_each(${ACTIVE}))) AS active,
        EXISTS (SELECT 1 FROM json_each(m.skills) s WHERE lower(s.value) = lower(${category})) AS skilled
      FROM team_members m JOIN users u ON u.id = m.user_id AND u.active = 1 AND u.org_id = ${orgId}
      WHERE m.team_id = ${teamId} AND m.available = 1),
    skilled AS (SELECT * FROM cand WHERE skilled = 1 OR NOT EXISTS (SELECT 1 FROM cand WHERE skilled = 1))
    SELECT * FROM skilled WHERE max_active IS NULL OR active < max_active`;
}

/**
 * The member auto-assignment gives a new ticket, chosen inside the create's own batch: the fewest
 * active tickets, then the longest since their last assignment (never first), then by id. Batches
 * run one at a time, so concurrent creates each see the ones before them and spread evenly.
 * Null when no one is eligible.
 */
export function chosenAssignee(orgId: string, teamId: string, category: string | null, ticketId: string): SQL {
  return sql`(SELECT user_id FROM (${eligiblePool(orgId, teamId, category, ticketId)})
    ORDER BY active, last_assigned_at IS NOT NULL, last_assigned_at, user_id LIMIT 1)`;
}

/** How many members were eligible when `ticketId` was assigned (its history's `candidates`). */
export function eligibleCount(orgId: string, teamId: string, category: string | null, ticketId: string): SQL {
  return sql`(SELECT count(*) FROM (${eligiblePool(orgId, teamId, category, ticketId)}))`;
}

/**
 * The history row of an auto-assignment made in the same batch (contract §5: the choice explained,
 * `{rule, candidates}`); `assigneeId` null when no one was eligible.
 */
export function autoAssignmentHistory(db: Database, entry: HistoryEntry, candidates: SQL) {
  return db.insert(ticketHistory).select(sql`SELECT NULL, t.id, ${entry.at.getTime()}, ${entry.actorId}, 'assigned', NULL,
      json_object('assigneeId', t.assignee_id, 'auto', json('true'), 'rule', ${AUTO_ASSIGN_RULE}, 'candidates', ${candidates}), ${entry.ip}
    FROM ${tickets} t WHERE t.id = ${entry.ticketId}`);
}

/** Counts the assignment of ticket `ticketId` (as stored, chosen in the same batch) for its member's round robin. */
export function recordStoredAssignment(db: Database, teamId: string, ticketId: string, now: Date) {
  return db
    .update(teamMembers)
    .set({ assignCount: sql`${teamMembers.assignCount} + 1`, lastAssignedAt: now })
    .where(and(eq(teamMembers.teamId, teamId), sql`${teamMembers.userId} = (SELECT ${tickets.assigneeId} FROM ${tickets} WHERE ${tickets.id} = ${ticketId})`));
}
