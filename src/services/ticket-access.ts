import type { Database } from "../db/client";
import { findActiveMember } from "../db/teams";
import { findTicket } from "../db/tickets";
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

/** An assignee must be an active member of the ticket's team; anyone else is a 400 naming the field. */
export async function checkAssignee(db: Database, orgId: string, teamId: string, assigneeId: string): Promise<{ id: string; name: string }> {
  const member = await findActiveMember(db, orgId, teamId, assigneeId);
  if (!member) throw ApiError.validation([{ path: "assigneeId", message: "Not an active member of the ticket's team." }]);
  return member;
}
