import { sql, type SQL } from "drizzle-orm";

/**
 * The team's managers (contract §2) of every (org_id, team_id) row of `teams`, as a SELECT of
 * (team_id, user_id): per team, the first non-empty tier of (1) active managers who are members of
 * the team; (2) every active manager of the organization; (3) every active admin, for an
 * organization without managers, so that what must reach someone who can act always does.
 * Computed once per team, whatever the number of events that need it.
 */
export function teamManagersOf(teams: SQL): SQL {
  return sql`SELECT c.team_id, c.user_id FROM (
    SELECT hit.team_id, u.id AS user_id,
           CASE WHEN u.role = 'manager' AND tm.user_id IS NOT NULL THEN 1 WHEN u.role = 'manager' THEN 2 ELSE 3 END AS tier,
           min(CASE WHEN u.role = 'manager' AND tm.user_id IS NOT NULL THEN 1 WHEN u.role = 'manager' THEN 2 ELSE 3 END) OVER (PARTITION BY hit.team_id) AS best
    FROM (${teams}) hit
    JOIN users u ON u.org_id = hit.org_id AND u.active = 1 AND u.role IN ('manager', 'admin')
    LEFT JOIN team_members tm ON tm.team_id = hit.team_id AND tm.user_id = u.id) c
  WHERE c.tier = c.best`;
}
