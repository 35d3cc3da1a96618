// The status moves a ticket may make (contract §3), to offer only legal ones. The server decides;
// this list only spares people a choice that would be refused. Pure: tested in test/web/.
import type { Role, TicketStatus } from "../api/types";

const MOVES: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ["open", "in_progress", "pending", "resolved", "closed"],
  open: ["in_progress", "pending", "resolved", "closed"],
  in_progress: ["open", "pending", "resolved"],
  pending: ["open", "in_progress", "resolved"],
  resolved: ["closed", "open"],
  closed: ["open"],
};

export function statusMoves(from: TicketStatus, role: Role): readonly TicketStatus[] {
  // Reopening a closed ticket is for managers and admins only.
  if (from === "closed" && role !== "manager" && role !== "admin") return [];
  return MOVES[from];
}
