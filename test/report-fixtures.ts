import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { api, createUser, PASSWORD, uniqueEmail, type Session } from "./helpers";
import { addMember, createTeam, type Team } from "./ticket-fixtures";

export const MINUTE = 60_000;
export const at = (iso: string) => Date.parse(iso);

/** An organization in `timezone` with two teams, an agent in each, a manager and a requester. */
export async function reportOrg(name: string, timezone: string) {
  const registered = await api("POST", "/api/v1/auth/register", {
    body: { email: uniqueEmail("admin"), password: PASSWORD, name: "Ada Admin", organization: name, timezone },
  });
  expect(registered.status, registered.text).toBe(201);
  const admin: Session = registered.json;
  const [teamA, teamB, manager, agentA, agentB, requester] = await Promise.all([
    createTeam(admin),
    createTeam(admin),
    createUser(admin, "manager", "Mia Manager"),
    createUser(admin, "agent", "Ann Agent"),
    createUser(admin, "agent", "Bob Agent"),
    createUser(admin, "requester", "Rita Requester"),
  ]);
  await addMember(admin, teamA.id, agentA.user.id);
  await addMember(admin, teamB.id, agentB.user.id);
  return { admin, teamA, teamB, manager, agentA, agentB, requester };
}

type TicketFacts = {
  team: Team;
  priority: "P1" | "P2" | "P3" | "P4";
  requesterId: string;
  createdAt: number;
  status?: string;
  assigneeId?: string;
  resolvedAt?: number;
  escalationLevel?: number;
};

let counter = 0;

/** A ticket row as the API would store it, with the instants a test chooses. */
export async function insertTicket(facts: TicketFacts): Promise<string> {
  const id = `rpt-${++counter}-${crypto.randomUUID()}`;
  const number = 10_000 + counter;
  await env.DB.prepare(
    `INSERT INTO tickets (id, org_id, team_id, number, key, title, priority, status, assignee_id, requester_id, escalation_level, created_at, updated_at, resolved_at)
     SELECT ?1, org_id, id, ?2, key || '-' || ?2, 'Report ticket', ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9 FROM teams WHERE id = ?10`,
  )
    .bind(id, number, facts.priority, facts.status ?? "open", facts.assigneeId ?? null, facts.requesterId, facts.escalationLevel ?? 0, facts.createdAt, facts.resolvedAt ?? null, facts.team.id)
    .run();
  return id;
}

type MetricFacts = {
  targetMinutes: number;
  startedAt: number;
  metAt?: number;
  metElapsedMinutes?: number;
  pausedSince?: number;
  warningAt?: number;
  highRiskAt?: number;
  breachedAt: number;
};

/** One SLA metric row of a ticket on the 24x7 calendar, with the instants a test chooses. */
export async function insertMetric(ticketId: string, metric: "response" | "resolution", facts: MetricFacts) {
  await env.DB.prepare(
    `INSERT INTO sla_metrics (ticket_id, metric, org_id, team_id, target_minutes, due_soon_minutes, started_at, paused_since, met_at, met_elapsed_ms,
       due_at, warning_at, high_risk_at, breached_at)
     SELECT id, ?2, org_id, team_id, ?3, 60, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?8 FROM tickets WHERE id = ?1`,
  )
    .bind(ticketId, metric, facts.targetMinutes, facts.startedAt, facts.pausedSince ?? null, facts.metAt ?? null,
      facts.metElapsedMinutes === undefined ? null : facts.metElapsedMinutes * MINUTE, facts.breachedAt, facts.warningAt ?? null, facts.highRiskAt ?? null)
    .run();
}

/** The SLA event the risk pass records when a metric breaches. */
export async function insertBreach(ticketId: string, metric: "response" | "resolution", breachedAt: number) {
  await env.DB.prepare(
    `INSERT INTO sla_events (ticket_id, org_id, team_id, metric, band, at, recorded_at, pass_id)
     SELECT id, org_id, team_id, ?2, 'breached', ?3, ?3, 'test' FROM tickets WHERE id = ?1`,
  )
    .bind(ticketId, metric, breachedAt)
    .run();
}

/** GETs a report as `session` and returns the answer. */
export async function report(session: Session, path: string) {
  return api("GET", `/api/v1/reports/${path}`, { token: session.accessToken });
}
