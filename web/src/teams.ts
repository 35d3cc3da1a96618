// The teams a person may watch (contract §7: members of the team, managers and admins) and the names
// of the people the dashboard shows.
import { allPages, ApiError, type ApiClient } from "./api/client";
import type { Team, User } from "./api/types";

/** Only the team id is kept across sessions (localStorage): it says nothing about anyone. */
const LAST_TEAM_KEY = "slaguard.teamId";

export function mayWatch(team: Team, user: User): boolean {
  if (user.role === "admin" || user.role === "manager") return true;
  return user.role === "agent" && (team.members ?? []).some((member) => member.userId === user.id);
}

export async function watchableTeams(api: ApiClient, user: User): Promise<Team[]> {
  return (await allPages<Team>(api, "/teams", { sort: "name" })).filter((team) => mayWatch(team, user));
}

/** The team the board opens on: the last one picked, while it is still watchable, else the first. */
export function initialTeamId(teams: readonly Team[]): string | null {
  const last = localStorage.getItem(LAST_TEAM_KEY);
  return teams.find((team) => team.id === last)?.id ?? teams[0]?.id ?? null;
}

export function rememberTeam(teamId: string): void {
  localStorage.setItem(LAST_TEAM_KEY, teamId);
}

/**
 * Names by user id: the members of the teams, the signed-in user, and for managers and admins
 * everyone in the organization (agents may not list users: 403, and members are what they see).
 */
export async function peopleNames(api: ApiClient, user: User, teams: readonly Team[]): Promise<Map<string, string>> {
  const names = new Map<string, string>([[user.id, user.name]]);
  for (const team of teams) for (const member of team.members ?? []) names.set(member.userId, member.name);
  if (user.role === "admin" || user.role === "manager") {
    try {
      for (const person of await allPages<User>(api, "/users")) names.set(person.id, person.name);
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 403)) throw err;
    }
  }
  return names;
}
