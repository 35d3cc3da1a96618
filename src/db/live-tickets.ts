import { and, eq, gt, inArray, lt } from "drizzle-orm";
import { LIVE_TICKET_SWEEP_LIMIT } from "../domain/live-ticket";
import type { Database } from "./client";
import { liveTickets, users } from "./schema";

export type NewLiveTicket = typeof liveTickets.$inferInsert;

/**
 * Stores one ticket and, in the same D1 call, deletes up to LIVE_TICKET_SWEEP_LIMIT tickets that
 * expired before `now` (found by the index on `expires_at`): the table cleans itself as it is used,
 * with no job of its own, and never holds more than a few seconds' worth of tickets for long.
 */
export function insertLiveTicket(db: Database, values: NewLiveTicket, now: Date) {
  const expired = db.select({ hash: liveTickets.ticketHash }).from(liveTickets).where(lt(liveTickets.expiresAt, now)).limit(LIVE_TICKET_SWEEP_LIMIT);
  return db.batch([db.delete(liveTickets).where(inArray(liveTickets.ticketHash, expired)), db.insert(liveTickets).values(values)]);
}

/**
 * Spends the ticket `ticketHash` for team `teamId` if it is still usable at `now`. The delete is
 * the one conditional statement that decides: of two uses, however close, only one finds the row.
 * The account behind the ticket (active, in its organization, with its current role) is read in
 * the same batch, just ahead of the delete, so one D1 call both spends the ticket and checks who
 * holds it. `spent` is undefined for a used, expired, unknown or other team's ticket; `account` is
 * undefined when the ticket's user was deactivated or is gone.
 */
export async function consumeLiveTicket(db: Database, ticketHash: string, teamId: string, now: Date) {
  const usable = and(eq(liveTickets.ticketHash, ticketHash), eq(liveTickets.teamId, teamId), gt(liveTickets.expiresAt, now));
  const holder = and(eq(users.id, liveTickets.userId), eq(users.orgId, liveTickets.orgId), eq(users.active, true));
  const account = db.select({ id: users.id, orgId: users.orgId, role: users.role }).from(liveTickets).innerJoin(users, holder).where(usable).limit(1);
  const spend = db.delete(liveTickets).where(usable).returning({ tokenExpiresAt: liveTickets.tokenExpiresAt });
  const [accounts, spent] = await db.batch([account, spend]);
  return { spent: spent[0], account: accounts[0] };
}
