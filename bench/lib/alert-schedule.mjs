/**
 * When the room should raise each sla.<band> of the alert bench's tickets. On the 24x7 calendar a
 * clock crosses its bands at whole minutes after the ticket's creation, known in advance: warning
 * at ceil(50 % of the target), high risk ceil(75 %), due soon target − due soon, breached at the
 * target. So each expected event has an exact instant, and the lag needs no guess at the server's
 * clock.
 */

export const MINUTE = 60_000;
/** A crossing this close to the ticket's creation happens at creation: not timed. */
const AT_CREATION_MS = 1_000;

const BANDS = ["warning", "high_risk", "due_soon", "breached"];
const METRICS = ["response", "resolution"];
const minutesToReach = (percent, target) => Math.ceil((percent * target) / 100);

/** How a socket files an sla.* event and the schedule names a crossing: one key for both. */
export const crossingKey = (ticketId, metric, band) => `${ticketId}|${metric}|${band}`;

/** The crossings of a ticket under `policy` on the 24x7 calendar, as offsets from its creation. */
function crossingOffsets(policy) {
  const out = [];
  for (const metric of METRICS) {
    const target = metric === "response" ? policy.responseMinutes : policy.resolutionMinutes;
    const minutes = { warning: minutesToReach(50, target), high_risk: minutesToReach(75, target), due_soon: Math.max(0, target - policy.dueSoonMinutes), breached: target };
    for (const band of BANDS) out.push({ metric, band, offsetMs: minutes[band] * MINUTE });
  }
  return out;
}

/**
 * The crossings of each ticket, and those timed: after creation and up to `horizonMinutes`
 * (a smoke run stops early rather than wait for the later ones).
 */
export function planCrossings(policy, horizonMinutes) {
  const offsets = crossingOffsets(policy);
  const timed = offsets.filter((crossing) => crossing.offsetMs >= AT_CREATION_MS && crossing.offsetMs <= horizonMinutes * MINUTE);
  return { offsets, timed };
}

/** "response.warning at +60 s", for the report. */
export const describeCrossing = (crossing) => `${crossing.metric}.${crossing.band} at +${crossing.offsetMs / 1000} s`;

/**
 * What each socket should receive for `tickets`: `expected` maps a crossing key to the crossing and
 * its instant; the keys of crossings at creation and beyond the horizon are told apart, so that
 * their events count as neither missing nor unexpected.
 */
export function expectCrossings(tickets, { offsets, timed }) {
  const expected = new Map();
  const atCreation = new Set();
  const beyondHorizon = new Set();
  for (const ticket of tickets) {
    const created = Date.parse(ticket.createdAt);
    for (const crossing of offsets) {
      const key = crossingKey(ticket.id, crossing.metric, crossing.band);
      if (timed.includes(crossing)) expected.set(key, { ...crossing, at: created + crossing.offsetMs });
      else if (crossing.offsetMs < AT_CREATION_MS) atCreation.add(key);
      else beyondHorizon.add(key);
    }
  }
  return { expected, atCreation, beyondHorizon };
}
