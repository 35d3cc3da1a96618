import { and, eq, inArray, notExists, sql, type SQL } from "drizzle-orm";
import type { PageRequest } from "../http/pagination";
import type { Database } from "./client";
import { afterCursor, keysetOrder } from "./keyset";
import { teamMembers, teams, tickets, users } from "./schema";

export type TeamRow = typeof teams.$inferSelect;
export type NewTeam = typeof teams.$inferInsert;
export type TeamSortField = "createdAt" | "name" | "key";

const SORT_COLUMNS = { createdAt: teams.createdAt, name: teams.name, key: teams.key } as const;

/** A team of `orgId`, or undefined: another organization's id reads as missing. */
export async function findTeamInOrg(db: Database, orgId: string, id: string): Promise<TeamRow | undefined> {
  const [team] = await teamRowsQuery(db, orgId, id);
  return team;
}

/** The team `id` of `orgId` as rows (none or one), a query a caller may put in a D1 batch, where drizzle's findFirst fails on finding nothing. */
export function teamRowsQuery(db: Database, orgId: string, id: string) {
  return db.select().from(teams).where(and(eq(teams.orgId, orgId), eq(teams.id, id)));
}

export function insertTeam(db: Database, values: NewTeam) {
  return db.insert(teams).values(values).returning();
}

/** A partial update of one team of `orgId`; returns nothing when there is no such team. */
export function updateTeam(db: Database, orgId: string, id: string, patch: Partial<Omit<NewTeam, "id" | "orgId">>) {
  return db.update(teams).set(patch).where(and(eq(teams.orgId, orgId), eq(teams.id, id))).returning();
}

/**
 * Deletes one team of `orgId` that has no tickets (its memberships and webhooks go by cascade);
 * returns the deleted id, if any. The ticket test is in the statement: left to the tickets' foreign
 * key, a refused delete would first cascade through every delivery of the team's webhooks, then
 * roll it all back (the fuzz sweep saw 0.7 s per refusal).
 */
export function deleteTeam(db: Database, orgId: string, id: string) {
  const hasTickets = db.select({ one: sql`1` }).from(tickets).where(eq(tickets.teamId, teams.id));
  return db.delete(teams).where(and(eq(teams.orgId, orgId), eq(teams.id, id), notExists(hasTickets))).returning({ id: teams.id });
}

/** One keyset page (`limit + 1` rows) of an organization's teams. */
export function listTeams(db: Database, orgId: string, page: PageRequest<TeamSortField>) {
  const column = SORT_COLUMNS[page.field];
  return db
    .select()
    .from(teams)
    .where(and(eq(teams.orgId, orgId), afterCursor(column, teams.id, page.descending, page.cursor)))
    .orderBy(...keysetOrder(column, teams.id, page.descending))
    .limit(page.limit + 1);
}

/** The value a team row sorts by, as a cursor stores it (instants as ms). */
export function teamSortValue(row: TeamRow, field: TeamSortField): string | number {
  return field === "createdAt" ? row.createdAt.getTime() : row[field];
}

/**
 * The active members of all `teamIds` in one query, ordered by name. The ids travel as one JSON
 * array read by `json_each`, because D1 binds at most 100 parameters per statement and a page
 * holds up to 200 teams. Deactivated users keep their membership rows (a reactivation restores
 * them) but are not listed: they can take no work.
 */
export function membersOfTeams(db: Database, orgId: string, teamIds: readonly string[]) {
  return db
    .select({
      teamId: teamMembers.teamId,
      userId: teamMembers.userId,
      name: users.name,
      email: users.email,
      role: users.role,
      skills: teamMembers.skills,
      available: teamMembers.available,
      maxActive: teamMembers.maxActive,
    })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(
      and(
        sql`${teamMembers.teamId} IN (SELECT value FROM json_each(${JSON.stringify(teamIds)}))`,
        eq(users.orgId, orgId),
        eq(users.active, true),
      ),
    )
    .orderBy(users.name, users.id);
}

export type MemberRow = Awaited<ReturnType<typeof membersOfTeams>>[number];

/** Adds a user to a team or, when they already belong, replaces their skills and availability. */
export function upsertMember(db: Database, values: { teamId: string; userId: string; skills: string[]; available: boolean; maxActive: number | null; createdAt: Date }) {
  return db
    .insert(teamMembers)
    .values(values)
    .onConflictDoUpdate({ target: [teamMembers.teamId, teamMembers.userId], set: { skills: values.skills, available: values.available, maxActive: values.maxActive } });
}

/** Removes one membership; returns the removed row's user id, if there was one. */
export function deleteMember(db: Database, teamId: string, userId: string) {
  return db
    .delete(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
    .returning({ userId: teamMembers.userId });
}

/** `userId` with their name when they are an active member of team `teamId` of `orgId`: someone who can take its tickets. */
export async function findActiveMember(db: Database, orgId: string, teamId: string, userId: string): Promise<{ id: string; name: string } | undefined> {
  const rows = await db
    .select({ id: teamMembers.userId, name: users.name })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId), eq(users.orgId, orgId), eq(users.active, true)));
  return rows[0];
}

/** An organization's team keys by id: a handful of rows, read once per export. */
export async function teamKeysOf(db: Database, orgId: string): Promise<Map<string, string>> {
  const rows = await db.select({ id: teams.id, key: teams.key }).from(teams).where(eq(teams.orgId, orgId));
  return new Map(rows.map((row) => [row.id, row.key]));
}

const oneMoreChange = { liveChanges: sql`${teams.liveChanges} + 1` };

/**
 * Counts one committed change for each of `teamIds` (see `teams.liveChanges`). It goes into the
 * change's own batch; `onlyIf` ties it to the change happening there, so the count is exact.
 */
export function countLiveChange(db: Database, teamIds: readonly string[], onlyIf?: SQL) {
  return db.update(teams).set(oneMoreChange).where(and(inArray(teams.id, [...new Set(teamIds)]), onlyIf));
}

/** Counts one committed change for the team of ticket `id`: for a batch that deletes the ticket, ahead of the delete. */
export function countLiveChangeOfTicket(db: Database, orgId: string, id: string) {
  return db.update(teams).set(oneMoreChange).where(sql`${teams.id} = (SELECT ${tickets.teamId} FROM ${tickets} WHERE ${tickets.orgId} = ${orgId} AND ${tickets.id} = ${id})`);
}

/** The count of committed changes of a team's tickets; undefined for no such team. */
export function liveChangesOf(db: Database, teamId: string) {
  return db.select({ liveChanges: teams.liveChanges }).from(teams).where(eq(teams.id, teamId));
}

/** The ids among `ids` that are teams of `orgId` (one JSON parameter, whatever their number): to check ids a request names. */
export function teamsOfOrg(db: Database, orgId: string, ids: readonly string[]) {
  return db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.orgId, orgId), sql`${teams.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`));
}
