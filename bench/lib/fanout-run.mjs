/**
 * The fan-out measurement: N sockets on the team, then `settings.updates` PATCHes of one ticket,
 * one after another, each sent once every socket got the one before (or after
 * `settings.updateWaitMs`), so that the figures are fan-out and not a queue behind the last update.
 * Each update renames the ticket to `<prefix><index>`, so a socket knows which update it got.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { judgeFanout } from "./fanout-report.mjs";
import { ms } from "./fanout-tables.mjs";
import { droppedSockets, wallNow } from "./live-sockets.mjs";
import { distribution } from "./stats.mjs";
import { startTimedHttp } from "./timed-http.mjs";

/** How long after the last update late or duplicate deliveries are still counted. */
const SETTLE_MS = 1_000;

/** Resolves when `promise` does or after `timeoutMs`, whichever comes first, leaving no timer behind. */
function within(promise, timeoutMs) {
  let timer;
  return Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]).finally(() => clearTimeout(timer));
}

/** Opens `count` sockets, sends the updates, closes the sockets; returns the row of figures (also judged into the report). */
export async function measureFanout(run, teamId, ticket, count) {
  const { settings, step } = run;
  const updates = settings.updates;
  const prefix = `bench fanout ${run.id} n${count} #`;
  const sent = new Float64Array(updates).fill(NaN);
  const answered = new Float64Array(updates).fill(NaN);
  const counts = new Int32Array(updates);
  let waiting = null;
  const requestErrors = [];

  // Called for every message on every socket: kept to a few typed-array writes, since the main
  // thread reads up to a thousand sockets in turn and its time shows in the later sockets' receipts.
  const onEvent = (state, message, receivedAt) => {
    if (message.type !== "ticket.updated" || message.ticketId !== ticket.id) return;
    const title = message.ticket?.title;
    if (typeof title !== "string" || !title.startsWith(prefix)) return;
    const index = Number(title.slice(prefix.length));
    if (!Number.isInteger(index) || index < 0 || index >= updates) return;
    state.received ??= new Float64Array(updates).fill(NaN);
    if (!Number.isNaN(state.received[index])) {
      state.duplicates = (state.duplicates ?? 0) + 1;
      return;
    }
    state.received[index] = receivedAt;
    counts[index] += 1;
    if (waiting && waiting.index === index && counts[index] >= waiting.need) waiting.resolve();
  };

  step(`fan-out, ${count} sockets: opening them, ${settings.openParallel} at a time`);
  const { sockets, failures: openFailures, openSeconds } = await run.sockets.open(teamId, count, onEvent);
  step(`  ${sockets.length} open in ${openSeconds.toFixed(1)} s${openFailures.length ? `; ${openFailures.length} failed, e.g. ${openFailures[0]}` : ""}`);

  step(`  ${updates} updates of ${ticket.key}, each once every socket got the one before`);
  const http = startTimedHttp();
  const started = wallNow();
  let timedOut = 0;
  for (let index = 0; index < updates && !run.aborted(); index += 1) {
    const need = sockets.length - droppedSockets(sockets).length;
    const done = new Promise((resolve) => (waiting = { index, need, resolve }));
    const reply = await run.api.timedPatch(http, `/tickets/${ticket.id}`, { title: `${prefix}${index}` });
    if (reply.error || reply.status !== 200) {
      requestErrors.push(`PATCH /tickets/${ticket.id}: ${reply.error ?? `answered ${reply.status}: ${reply.text.slice(0, 300)}`}`);
      waiting = null;
      continue;
    }
    sent[index] = reply.sentAt;
    answered[index] = reply.answeredAt;
    if (counts[index] < need) {
      await within(done, settings.updateWaitMs);
      if (counts[index] < need) timedOut += 1;
    }
    waiting = null;
    await sleep(settings.updateGapMs);
  }
  const updateSeconds = (wallNow() - started) / 1000;
  await http.close();
  await sleep(SETTLE_MS);

  const dropped = droppedSockets(sockets);
  const applied = answered.filter((value) => !Number.isNaN(value)).length;
  const deliveries = tallyDeliveries(sockets, sent, answered);
  const row = {
    sockets: count,
    open: sockets.length,
    openFailures: openFailures.length,
    openSeconds,
    dropped: dropped.length,
    droppedCodes: [...new Set(dropped.map((state) => state.closed?.code ?? state.error))],
    updates,
    updatesApplied: applied,
    updateSeconds,
    waitsTimedOut: timedOut,
    expected: sockets.length * applied,
    received: deliveries.fromAnswer.length,
    missing: deliveries.missing,
    duplicates: deliveries.duplicates,
    seqMissing: sockets.reduce((sum, state) => sum + state.seqMissing, 0),
    seqBackwards: sockets.reduce((sum, state) => sum + state.seqBackwards, 0),
    snapshotTickets: sockets[0]?.snapshotTickets ?? null,
    latencyFromAnswerMs: distribution(deliveries.fromAnswer),
    latencyFromSendMs: distribution(deliveries.fromSend),
    lastSocketFromAnswerMs: distribution(deliveries.lastPerUpdate),
    firstToLastSocketMs: distribution(deliveries.spreadPerUpdate),
    requestErrors: requestErrors.slice(0, 5),
    requestFailures: requestErrors.length,
  };
  await run.sockets.close(sockets);

  judgeFanout(run.report, row, openFailures[0]);
  const l = row.latencyFromAnswerMs;
  step(`  ${row.received} of ${row.expected} deliveries in ${updateSeconds.toFixed(1)} s; p50 ${ms(l.p50)} ms, p99 ${ms(l.p99)} ms, max ${ms(l.max)} ms`);
  return row;
}

/**
 * Every socket's receipt of every answered update, against the update's answer and send instants
 * (updates that got no answer are not counted), and per update the last receipt and the spread
 * from the first socket to the last.
 */
function tallyDeliveries(sockets, sent, answered) {
  const updates = answered.length;
  const fromAnswer = [];
  const fromSend = [];
  const lastPerUpdate = [];
  const spreadPerUpdate = [];
  let missing = 0;
  let duplicates = 0;
  const lastReceipt = new Float64Array(updates).fill(-Infinity);
  const firstReceipt = new Float64Array(updates).fill(Infinity);
  for (const state of sockets) {
    duplicates += state.duplicates ?? 0;
    for (let index = 0; index < updates; index += 1) {
      if (Number.isNaN(answered[index])) continue;
      const at = state.received?.[index] ?? NaN;
      if (Number.isNaN(at)) {
        missing += 1;
        continue;
      }
      fromAnswer.push(at - answered[index]);
      fromSend.push(at - sent[index]);
      if (at > lastReceipt[index]) lastReceipt[index] = at;
      if (at < firstReceipt[index]) firstReceipt[index] = at;
    }
  }
  for (let index = 0; index < updates; index += 1) {
    if (!Number.isFinite(lastReceipt[index])) continue;
    lastPerUpdate.push(lastReceipt[index] - answered[index]);
    spreadPerUpdate.push(lastReceipt[index] - firstReceipt[index]);
  }
  return { fromAnswer, fromSend, lastPerUpdate, spreadPerUpdate, missing, duplicates };
}
