/**
 * What the alert phase's sockets received, against the schedule (bench/lib/alert-schedule.mjs).
 * Only the first socket's events are timed: the sockets are read in turn on one thread, so the
 * others' receipts would include the time to read the ones before. The others are counted, to
 * show every socket gets every alert exactly once.
 */
import { crossingKey } from "./alert-schedule.mjs";
import { droppedSockets, monoToWall } from "./live-sockets.mjs";
import { distribution } from "./stats.mjs";

/** The sockets' `onEvent`: files each sla.* event by crossing key, counting repeats. */
export function recordSlaEvent(state, message, receivedAt) {
  if (typeof message.type !== "string" || !message.type.startsWith("sla.")) return;
  const band = message.band ?? message.type.slice(4);
  const key = crossingKey(message.ticketId, message.metric, band);
  state.sla ??= new Map();
  const seen = state.sla.get(key);
  if (seen) seen.count += 1;
  else state.sla.set(key, { receivedAt, at: typeof message.at === "string" ? message.at : null, type: message.type, count: 1 });
}

/** Lag from the event's `at` and from the computed instant, on the first socket, overall and per band. */
function timeFirstSocket(first, expected) {
  const lagFromAt = [];
  const lagFromComputed = [];
  const perBand = new Map();
  let received = 0;
  let withoutAt = 0;
  let atMismatch = 0;
  let atMaxDiffMs = 0;
  for (const [key, crossing] of expected) {
    const group = `${crossing.metric}|${crossing.band}`;
    if (!perBand.has(group)) perBand.set(group, { metric: crossing.metric, band: crossing.band, offsetSeconds: crossing.offsetMs / 1000, expected: 0, received: 0, lags: [] });
    const band = perBand.get(group);
    band.expected += 1;
    const event = first.sla?.get(key);
    if (!event) continue;
    received += 1;
    band.received += 1;
    const receivedAt = monoToWall(event.receivedAt);
    lagFromComputed.push(receivedAt - crossing.at);
    if (event.at === null) {
      withoutAt += 1;
      continue;
    }
    const at = Date.parse(event.at);
    if (at !== crossing.at) {
      atMismatch += 1;
      atMaxDiffMs = Math.max(atMaxDiffMs, Math.abs(at - crossing.at));
    }
    lagFromAt.push(receivedAt - at);
    band.lags.push(receivedAt - at);
  }
  return { lagFromAt, lagFromComputed, perBand, received, withoutAt, atMismatch, atMaxDiffMs };
}

/** The alert phase's figures, as they go into the report. */
export function tallyAlerts(sockets, tickets, { expected, atCreation, beyondHorizon }) {
  const first = sockets[0];
  const timing = timeFirstSocket(first, expected);
  let receivedAll = 0;
  let duplicatesAll = 0;
  let notTimedSeen = 0;
  let unexpected = 0;
  const ours = new Set(tickets.map((ticket) => ticket.id));
  for (const state of sockets) {
    for (const [key, event] of state.sla ?? []) {
      duplicatesAll += event.count - 1;
      if (expected.has(key)) receivedAll += 1;
      else if (atCreation.has(key)) notTimedSeen += state === first ? 1 : 0;
      else if (!beyondHorizon.has(key) && ours.has(key.split("|")[0]) && state === first) unexpected += 1;
    }
  }
  return {
    open: sockets.length,
    expected: expected.size,
    received: timing.received,
    missing: expected.size - timing.received,
    expectedAllSockets: expected.size * sockets.length,
    receivedAllSockets: receivedAll,
    duplicatesAllSockets: duplicatesAll,
    withoutAt: timing.withoutAt,
    atMismatch: timing.atMismatch,
    atMaxDiffMs: timing.atMaxDiffMs,
    atCreationReceived: notTimedSeen,
    unexpectedEvents: unexpected,
    slaEventsSeenAllSockets: sockets.reduce((sum, state) => sum + (state.sla?.size ?? 0), 0),
    seqMissing: sockets.reduce((sum, state) => sum + state.seqMissing, 0),
    seqBackwards: sockets.reduce((sum, state) => sum + state.seqBackwards, 0),
    dropped: droppedSockets(sockets).length,
    lagFromAtMs: distribution(timing.lagFromAt),
    lagFromComputedInstantMs: distribution(timing.lagFromComputed),
    perBand: [...timing.perBand.values()].map(({ lags, ...band }) => ({ ...band, lagFromAtMs: distribution(lags) })),
  };
}
