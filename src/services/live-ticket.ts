import { randomToken, sha256Hex } from "../auth/encoding";
import type { Database } from "../db/client";
import { consumeLiveTicket, insertLiveTicket } from "../db/live-tickets";
import { LIVE_TICKET_TTL_SECONDS, liveTicketExpiry } from "../domain/live-ticket";
import type { Caller } from "../env";
import { accountGone } from "../http/account-check";
import { ApiError } from "../http/errors";
import { requireTeamRoomAccess } from "./team-room-access";

/** What `POST /teams/{teamId}/live/ticket` answers (contract §7). */
export type LiveTicketGrant = { ticket: string; expiresIn: number };

/** Who a spent ticket lets in, and until when: the issuing access token's `exp` (s). */
export type LiveTicketHolder = { caller: Caller; tokenExpiresAt: number };

/**
 * Issues a one-time ticket for `caller` to open team `teamId`'s room, after the same 404/403 the
 * room itself would answer. 256 random bits, stored only as their SHA-256 with the user, team and
 * the issuing token's `exp`, so a socket opened with it still closes (4401) when that token expires.
 */
export async function issueLiveTicket(db: Database, caller: Caller, teamId: string, tokenExpiresAt: number, now: Date): Promise<LiveTicketGrant> {
  const team = await requireTeamRoomAccess(db, caller, teamId);
  const ticket = randomToken();
  await insertLiveTicket(
    db,
    { ticketHash: await sha256Hex(ticket), userId: caller.id, orgId: caller.orgId, teamId: team.id, expiresAt: liveTicketExpiry(now), tokenExpiresAt },
    now,
  );
  return { ticket, expiresIn: LIVE_TICKET_TTL_SECONDS };
}

/**
 * Spends `ticket` for team `teamId` and answers who holds it, with their current account: a used,
 * expired, unknown or other team's ticket is one and the same 401 (a client learns nothing from the
 * reason), and so is a ticket whose user has since been deactivated. Whether the holder may still
 * watch the team is for `openTeamRoom` to judge, as for a token.
 */
export async function redeemLiveTicket(db: Database, ticket: string, teamId: string, now: Date): Promise<LiveTicketHolder> {
  const { spent, account } = await consumeLiveTicket(db, await sha256Hex(ticket), teamId, now);
  if (!spent) throw ApiError.unauthorized("The ticket is not valid: it was used, has expired or is for another team.");
  if (!account) throw accountGone();
  return { caller: account, tokenExpiresAt: spent.tokenExpiresAt };
}
