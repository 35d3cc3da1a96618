import type { Database } from "../db/client";
import { isUniqueViolation } from "../db/constraint";
import {
  deleteMember,
  deleteTeam,
  findTeamInOrg,
  insertTeam,
  listTeams,
  membersOfTeams,
  teamSortValue,
  updateTeam,
  upsertMember,
  type MemberRow,
  type TeamRow,
  type TeamSortField,
} from "../db/teams";
import { findUserInOrg } from "../db/users";
import { isEligibleMember, seesTeamMembers, uniqueSkills } from "../domain/teams";
import type { Caller } from "../env";
import { ApiError } from "../http/errors";
import { toPage, type PageRequest } from "../http/pagination";

/** A team as the caller may see it: `members` is left out for roles that may not see them. */
export type TeamDetail = TeamRow & { members?: MemberRow[] };

export type TeamInput = { name: string; key: string; autoAssign?: boolean };

function keyTaken(key: string) {
  return ApiError.conflict("E_TEAM_KEY_TAKEN", `Another team of the organization already uses the key ${key}.`, { key });
}

/** Runs a team write, turning a clash on the per-organization key index into a 409. */
async function writingKey<T>(key: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (key !== undefined && isUniqueViolation(err, "teams.org_id, teams.key")) throw keyTaken(key);
    throw err;
  }
}

/** Attaches members to `teams` with one query for all of them, when the caller may see members. */
async function withMembers(db: Database, caller: Caller, teams: TeamRow[]): Promise<TeamDetail[]> {
  if (!seesTeamMembers(caller.role) || teams.length === 0) return teams;
  const byTeam = new Map<string, MemberRow[]>(teams.map((team) => [team.id, []]));
  for (const member of await membersOfTeams(db, caller.orgId, [...byTeam.keys()])) byTeam.get(member.teamId)?.push(member);
  return teams.map((team) => ({ ...team, members: byTeam.get(team.id) }));
}

/** A team of the organization, or 404. */
export async function orgTeam(db: Database, orgId: string, id: string): Promise<TeamRow> {
  const team = await findTeamInOrg(db, orgId, id);
  if (!team) throw ApiError.notFound("team");
  return team;
}

export async function listOrgTeams(db: Database, caller: Caller, page: PageRequest<TeamSortField>) {
  const rows = await listTeams(db, caller.orgId, page);
  const served = toPage(rows, page.limit, (row) => ({ value: teamSortValue(row, page.field), id: row.id }));
  return { items: await withMembers(db, caller, served.items), nextCursor: served.nextCursor };
}

export async function getOrgTeam(db: Database, caller: Caller, id: string): Promise<TeamDetail> {
  const [team] = await withMembers(db, caller, [await orgTeam(db, caller.orgId, id)]);
  return team!;
}

export async function createOrgTeam(db: Database, caller: Caller, input: TeamInput, now: Date): Promise<TeamDetail> {
  const [team] = await writingKey(input.key, () =>
    insertTeam(db, { id: crypto.randomUUID(), orgId: caller.orgId, ...input, createdAt: now, updatedAt: now }),
  );
  return { ...team!, members: [] };
}

export async function updateOrgTeam(db: Database, caller: Caller, id: string, patch: Partial<TeamInput>, now: Date): Promise<TeamDetail> {
  const [team] = await writingKey(patch.key, () => updateTeam(db, caller.orgId, id, { ...patch, updatedAt: now }));
  if (!team) throw ApiError.notFound("team");
  const [detail] = await withMembers(db, caller, [team]);
  return detail!;
}

/**
 * Deletes a team with its memberships; a team that still has tickets is kept (409). The delete
 * itself checks for tickets (deleteTeam), so the tickets' foreign key never refuses it: a team it
 * left in place either has tickets or is not the organization's.
 */
export async function deleteOrgTeam(db: Database, orgId: string, id: string): Promise<void> {
  const [deleted] = await deleteTeam(db, orgId, id);
  if (deleted) return;
  if (await findTeamInOrg(db, orgId, id)) throw ApiError.conflict("E_TEAM_HAS_TICKETS", "The team still has tickets; move or delete them first.");
  throw ApiError.notFound("team");
}

/**
 * Adds `userId` to the team or replaces their skills and availability. Only active staff of the
 * same organization can be members: someone else's user is missing (404), a requester or a
 * deactivated account is refused (422).
 */
export async function putTeamMember(
  db: Database,
  caller: Caller,
  teamId: string,
  userId: string,
  input: { skills: string[]; available: boolean; maxActive?: number | null },
  now: Date,
): Promise<TeamDetail> {
  const [team, user] = await Promise.all([orgTeam(db, caller.orgId, teamId), findUserInOrg(db, caller.orgId, userId)]);
  if (!user) throw ApiError.notFound("user");
  if (!user.active || !isEligibleMember(user.role)) {
    throw ApiError.unprocessable("E_INVALID_MEMBER", "Only active agents, managers and admins can be team members.", { userId, role: user.role, active: user.active });
  }
  await upsertMember(db, { teamId: team.id, userId, skills: uniqueSkills(input.skills), available: input.available, maxActive: input.maxActive ?? null, createdAt: now });
  const [detail] = await withMembers(db, caller, [team]);
  return detail!;
}

export async function removeTeamMember(db: Database, orgId: string, teamId: string, userId: string): Promise<void> {
  const team = await orgTeam(db, orgId, teamId);
  const [removed] = await deleteMember(db, team.id, userId);
  if (!removed) throw ApiError.notFound("team member");
}
