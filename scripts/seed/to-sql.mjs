import { demoLife } from "./demo-life.mjs";
import { historyLives } from "./history.mjs";
import { insertOrIgnore, insertWhere, literal } from "./sql-text.mjs";
import { ticketsSql } from "./ticket-sql.mjs";

/**
 * Turns the demo data into SQL, parents before children for the foreign keys. `passwordHashes`
 * maps a user id to its hash; `now` (ms) stamps every row. `sla` is the Worker's own SLA code (see
 * seed.mjs), so calendars, policies and clocks are stored exactly as the API would store them.
 * Returns `{ sql, history }`: the file's text and a summary of the generated month (ticket-sql.mjs).
 */
export function toSql(data, { passwordHashes, now, sla }) {
  const stamps = { created_at: now, updated_at: now };
  const org = data.organization;
  const governance = slaGovernance(data, now, sla);
  const tickets = ticketsSql(data, lives(data, now, sla, governance.governanceOf), { now, sla, governanceOf: governance.governanceOf });
  const sql = [
    insertOrIgnore("organizations", { id: org.id, name: org.name, created_at: now }),
    ...data.users.map((user) =>
      insertOrIgnore("users", { id: user.id, org_id: org.id, email: user.email, name: user.name, role: user.role, password_hash: passwordHashes.get(user.id), ...stamps }),
    ),
    ...data.teams.map((team) => insertOrIgnore("teams", { id: team.id, org_id: org.id, name: team.name, key: team.key, auto_assign: team.autoAssign, ...stamps })),
    ...data.teams.flatMap((team) =>
      team.members.map((member) =>
        insertOrIgnore("team_members", { team_id: team.id, user_id: member.userId, skills: member.skills, available: member.available, created_at: now }),
      ),
    ),
    ...governance.statements,
    ...tickets.statements,
  ].join("\n");
  return { sql, history: tickets.summary };
}

/**
 * The demo calendars and default policies as rows, in the form the API stores them (a calendar
 * normalized by the calendar rules), their inserts, and `governanceOf(spec)`: what governs a
 * ticket, matched among those policies as the API would match it. A default policy goes in only
 * while its priority has none: an organization that already had defaults (from migration 0002)
 * keeps them, and the demo tickets' clocks are then left out (see ticket-sql.mjs).
 */
function slaGovernance(data, now, sla) {
  const orgId = data.organization.id;
  const calendars = new Map(
    (data.calendars ?? []).map(({ id, name, ...input }) => {
      const checked = sla.checkCalendar(input);
      if (!checked.ok) throw new Error(`Demo calendar ${id}: ${JSON.stringify(checked.issues)}`);
      return [id, { id, orgId, name, ...checked.calendar, createdAt: new Date(now), updatedAt: new Date(now) }];
    }),
  );
  const policies = (data.policies ?? []).map((policy) => ({
    category: null, customer: null, ...policy, orgId, createdAt: new Date(now), updatedAt: new Date(now),
  }));
  const statements = [
    ...[...calendars.values()].map((c) =>
      insertOrIgnore("sla_calendars", { id: c.id, org_id: orgId, name: c.name, timezone: c.timezone, hours: c.hours, holidays: c.holidays, created_at: now, updated_at: now }),
    ),
    ...policies.map((p) => {
      const scope = (column, value) => (value === null ? `${column} IS NULL` : `${column} = ${literal(value)}`);
      const taken = `SELECT 1 FROM sla_policies WHERE id = ${literal(p.id)} OR (org_id = ${literal(orgId)} AND priority = ${literal(p.priority)} AND ${scope("category", p.category)} AND ${scope("customer", p.customer)})`;
      const row = {
        id: p.id, org_id: orgId, name: p.name, priority: p.priority, category: p.category, customer: p.customer,
        response_minutes: p.responseMinutes, resolution_minutes: p.resolutionMinutes, calendar_id: p.calendarId, due_soon_minutes: p.dueSoonMinutes,
        created_at: now, updated_at: now,
      };
      return insertWhere("sla_policies", row, `NOT EXISTS (${taken})`);
    }),
  ];
  const candidates = policies.map((policy) => ({ policy, calendar: policy.calendarId ? calendars.get(policy.calendarId) : null }));
  const governanceOf = (spec) => sla.governanceAmong(candidates, { priority: spec.priority, category: spec.category ?? null, customer: spec.customer ?? null });
  return { statements, governanceOf };
}

/**
 * Every seeded ticket as a life (see replay.mjs): the hand-written demo tickets of demo-data.mjs,
 * then the generated month of history before them (history.mjs), numbered on in that order.
 */
function lives(data, now, sla, governanceOf) {
  const demo = (data.tickets ?? []).map((spec) => {
    const team = data.teams.find((candidate) => candidate.key === spec.team);
    return demoLife(data, spec, team, now, sla, governanceOf(spec));
  });
  return [...demo, ...(data.history ? historyLives(data, now, sla, governanceOf) : [])];
}
