import type { Database } from "../db/client";
import { findActiveMember } from "../db/teams";
import { enabledRulesQuery, toRule } from "../db/automations";
import { findTicket, ticketRowQuery } from "../db/tickets";
import { isAutomationEvent, type AutomationRule } from "../domain/automation-rules";
import { ticketScope } from "../domain/ticket-access";
import type { Caller } from "../env";
import { ApiError } from "../http/errors";
import type { TicketWithClocks } from "./ticket-sla";

/**
 * The ticket `idOrKey` if the caller may see it. A ticket of another organization and one the
 * caller may not see answer alike, 404: existence does not leak.
 */
export async function visibleTicket(db: Database, caller: Caller, idOrKey: string): Promise<TicketWithClocks> {
  const ticket = await findTicket(db, caller.orgId, ticketScope(caller.role, caller.id), idOrKey);
  if (!ticket) throw ApiError.notFound("ticket");
  return ticket;
}

/**
 * visibleTicket with the organization's enabled rules for `event` (contract §9), in one D1 call:
 * what a change fired by an automation event reads before it plans. Rules only for such events.
 */
export async function visibleTicketWithRules(db: Database, caller: Caller, idOrKey: string, event: string): Promise<{ ticket: TicketWithClocks; rules?: AutomationRule[] }> {
  if (!isAutomationEvent(event)) return { ticket: await visibleTicket(db, caller, idOrKey) };
  const [[ticket], rules] = await db.batch([ticketRowQuery(db, caller.orgId, ticketScope(caller.role, caller.id), idOrKey), enabledRulesQuery(db, caller.orgId, event)]);
  if (!ticket) throw ApiError.notFound("ticket");
  return { ticket, rules: rules.map(toRule) };
}

/** An assignee must be an active member of the ticket's team; anyone else is a 400 naming the field. */
export async function checkAssignee(db: Database, orgId: string, teamId: string, assigneeId: string): Promise<{ id: string; name: string }> {
  const member = await findActiveMember(db, orgId, teamId, assigneeId);
  if (!member) throw ApiError.validation([{ path: "assigneeId", message: "Not an active member of the ticket's team." }]);
  return member;
}
