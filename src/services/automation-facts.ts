import type { TicketFacts } from "../domain/automation-rules";
import { slaOf, type TicketWithClocks } from "./ticket-sla";

/**
 * What automation conditions read of a ticket at `now` (contract §9): its fields, and `sla` with
 * the risk band and percent of its worst open metric, or null for a ticket no SLA policy governs
 * (then every `sla.*` condition is false). The ticket must be read with its clocks (`clocksColumn`).
 */
export function ticketFacts(ticket: TicketWithClocks, now: Date): TicketFacts {
  const sla = slaOf(ticket, now);
  return {
    priority: ticket.priority,
    category: ticket.category,
    status: ticket.status,
    teamId: ticket.teamId,
    assigneeId: ticket.assigneeId,
    customer: ticket.customer,
    tags: ticket.tags,
    title: ticket.title,
    description: ticket.description,
    escalationLevel: ticket.escalationLevel,
    sla: sla && { risk: sla.risk, riskPercent: sla.riskPercent },
  };
}
