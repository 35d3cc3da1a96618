import type { MetricRow } from "../db/sla-metrics";
import type { TicketPatch } from "../db/tickets";
import { clocksAfterMove, retarget } from "../domain/sla-lifecycle";
import type { ActionContext } from "./context";
import { clockRows, governanceOf } from "./sla-clocks";
import { storedClocks, type TicketWithClocks } from "./ticket-sla";

const GOVERNING_FIELDS = ["priority", "category", "customer", "teamId"] as const;

/**
 * A ticket's clocks after `patch` (contract §4): a change of priority, category or customer
 * re-targets them to the newly matching policy, keeping their elapsed and paused time (a move to
 * another team moves them along); a status change pauses or resumes them. Undefined when the
 * patch touches none of that, or the ticket has no clocks.
 */
export async function clocksAfterChange(ctx: Pick<ActionContext, "db" | "caller" | "now">, ticket: TicketWithClocks, patch: TicketPatch): Promise<MetricRow[] | undefined> {
  const governs = GOVERNING_FIELDS.some((field) => field in patch);
  const moves = patch.status !== undefined && patch.status !== ticket.status;
  const stored = storedClocks(ticket);
  if ((!governs && !moves) || !stored) return undefined;
  const after = { ...ticket, ...patch };
  const at = ctx.now.getTime();
  const governance = governs ? ((await governanceOf(ctx.db, ctx.caller.orgId, after)) ?? stored.governance) : stored.governance;
  let clocks = governs ? retarget(stored.clocks, governance) : stored.clocks;
  if (moves) clocks = clocksAfterMove(governance.calendar, clocks, ticket.status, patch.status!, at);
  return clockRows(after, governance, clocks, at);
}
