import type { BatchItem } from "drizzle-orm/batch";
import { enabledRulesFor } from "../db/automations";
import { createDb } from "../db/client";
import { selectTicket, ticketsByIds } from "../db/tickets";
import { firstActiveAdmin } from "../db/users";
import type { AutomationEvent } from "../domain/automation-rules";
import type { Bindings } from "../env";
import type { RoomEvent } from "../live/events";
import { ticketEvent } from "../live/publish";
import { deliveryIdsOf, enqueueDeliveries } from "../notify/delivery-queue";
import type { ActionContext } from "../services/context";
import type { TicketWithClocks } from "../services/ticket-sla";
import { automationsOfEvent } from "../services/ticket-write";
import type { SteppedTicket } from "./ladder-pass";
import type { RaisedEvent } from "./risk-pass";

/** A change the automations made, for the ticket's team room to publish (D1 counted it). */
export type AutomatedChange = { teamId: string; event: RoomEvent };

/**
 * The automations of the events a pass raised (contract §9: `sla.*`, and `ticket.escalated` from
 * thresholds and timeouts). No person acted, so they run as the organization's first active admin
 * (the author of any comment they write), each ticket's rules in one batch after the pass
 * committed. Organizations without rules for an event cost one query per event kind. Answers the
 * ticket changes for the rooms, which publish them (the room calling this must not call itself).
 */
export async function runPassAutomations(env: Bindings, raised: readonly RaisedEvent[], escalated: readonly SteppedTicket[], now: number): Promise<AutomatedChange[]> {
  const events = [
    ...raised.map((event) => ({ ticketId: event.ticketId, name: `sla.${event.band}` as AutomationEvent })),
    ...escalated.map((step) => ({ ticketId: step.ticketId, name: "ticket.escalated" as AutomationEvent })),
  ];
  if (events.length === 0) return [];
  const db = createDb(env.DB);
  const tickets = new Map<string, TicketWithClocks>((await ticketsByIds(db, [...new Set(events.map((event) => event.ticketId))])).map((ticket) => [ticket.id, ticket]));
  const cache = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, load: () => Promise<T>) => (cache.get(key) ?? cache.set(key, load()).get(key)!) as Promise<T>;
  const changes: AutomatedChange[] = [];
  for (const event of events) {
    const ticket = tickets.get(event.ticketId);
    if (!ticket) continue;
    const rules = await once(`${ticket.orgId}|${event.name}`, () => enabledRulesFor(db, ticket.orgId, event.name));
    const actor = rules.length > 0 ? await once(`${ticket.orgId}|admin`, () => firstActiveAdmin(db, ticket.orgId)) : undefined;
    if (!actor) continue;
    const ctx: ActionContext = { db, caller: { id: actor, orgId: ticket.orgId, role: "admin" }, ip: null, now: new Date(now) };
    const { statements, changed } = await automationsOfEvent(ctx, event.name, ticket, rules);
    if (statements.length === 0) continue;
    const batch: [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]] = [selectTicket(db, ticket.id)];
    batch.unshift(...statements);
    const results: unknown[] = await db.batch(batch);
    await enqueueDeliveries(env.DELIVERIES, deliveryIdsOf(results));
    const [after] = results.at(-1) as TicketWithClocks[];
    if (changed && after) {
      tickets.set(after.id, after);
      // A move to another team tells both rooms (D1 counted the change for both).
      for (const teamId of new Set([ticket.teamId, after.teamId])) changes.push({ teamId, event: ticketEvent("ticket.updated", after, ctx.now) });
    }
  }
  return changes;
}
