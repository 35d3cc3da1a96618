/**
 * How long a live-room ticket stays usable, in seconds (contract §7: `expiresIn: 30`). A browser
 * opens its socket right after asking, so this only has to cover one round trip; a ticket that
 * turns up in a log later is long dead (and spent, if it was ever used).
 */
export const LIVE_TICKET_TTL_SECONDS = 30;

/** The longest `?ticket=` read at all; a ticket as issued is 43 characters (256 bits, base64url). */
export const LIVE_TICKET_MAX_LENGTH = 200;

/** How many expired tickets one issue sweeps away: a bound, so that issuing stays cheap after a lull. */
export const LIVE_TICKET_SWEEP_LIMIT = 100;

/** The instant a ticket issued at `now` stops being usable. */
export function liveTicketExpiry(now: Date): Date {
  return new Date(now.getTime() + LIVE_TICKET_TTL_SECONDS * 1000);
}
