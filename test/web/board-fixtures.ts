import type { EventMessage, SlaMetric, Ticket } from "../../web/src/api/types";
import type { BoardAction } from "../../web/src/board/state";

export const TEAM = "team-ops";
export const NOW = Date.parse("2026-11-20T09:00:00.000Z");
export const at = (minutesFromNow: number) => new Date(NOW + minutesFromNow * 60_000).toISOString();

export function metric(overrides: Partial<SlaMetric> = {}): SlaMetric {
  return { targetMinutes: 240, dueAt: at(120), elapsedMinutes: 120, percent: 50, state: "running", ...overrides };
}

/** A ticket of TEAM, active, with both clocks running, at `riskPercent` 10 unless told. */
export function ticket(id: string, overrides: Partial<Ticket> = {}): Ticket {
  return {
    id,
    key: `OPS-${id}`,
    title: `Ticket ${id}`,
    description: "",
    priority: "P2",
    category: null,
    status: "open",
    teamId: TEAM,
    assigneeId: null,
    requesterId: "requester",
    customer: null,
    tags: [],
    version: 1,
    reopenCount: 0,
    escalationLevel: 0,
    escalation: null,
    createdAt: at(-60),
    updatedAt: at(-60),
    firstRespondedAt: null,
    resolvedAt: null,
    closedAt: null,
    sla: { policyId: "p2", response: metric({ dueAt: at(30) }), resolution: metric({ dueAt: at(400) }), risk: "safe", riskPercent: 10 },
    ...overrides,
  };
}

/** The same ticket with its risk set (band from the percent, as the server computes it). */
export function withRisk(base: Ticket, riskPercent: number, dueInMinutes?: number): Ticket {
  const risk = riskPercent >= 100 ? "breached" : riskPercent >= 75 ? "high_risk" : riskPercent >= 50 ? "warning" : "safe";
  const sla = base.sla!;
  return {
    ...base,
    sla: {
      ...sla,
      risk,
      riskPercent,
      ...(dueInMinutes !== undefined && { response: { ...sla.response, state: "met" }, resolution: { ...sla.resolution, dueAt: at(dueInMinutes) } }),
    },
  };
}

/** A live room message as the board's action. */
export function event(seq: number, type: string, body: Partial<EventMessage> = {}): BoardAction {
  return { type: "event", message: { type, seq, ...body } };
}
