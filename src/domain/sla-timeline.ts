import { computeDueAt, CROSSINGS, meetClock, metricStatus, type Crossing, type MetricClock } from "./sla-clock";
import { clocksAfterMove, retarget, startClocks, type Governance, type TicketClocks } from "./sla-lifecycle";
import type { TicketStatus } from "./ticket-fields";

/**
 * The SLA timeline of a ticket (contract §4): the life of its two clocks, replayed from what is
 * stored — the status moves and re-targets of its history, the crossings the risk pass recorded
 * and the clocks as they are now — so that every `dueAt` can be explained to a customer.
 */

export type ClockMetric = keyof TicketClocks;

/** The kinds of entry, in the order the entries of one change are told. */
export const TIMELINE_KINDS = ["started", "retargeted", "paused", "resumed", "met", "crossed", "breached"] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/**
 * One moment of one clock, instants in ms: the business minutes it had counted then and, where
 * the moment sets it, the due instant as then known, the governing policy, the band crossed.
 */
export type TimelineEntry = {
  at: number;
  metric: ClockMetric;
  kind: TimelineKind;
  band?: Crossing;
  policyId?: string;
  dueAt?: number;
  elapsedMinutes: number;
};

/** What a re-target changes: the governing policy and its two targets. */
export type SlaTargets = Pick<Governance, "policyId" | "responseMinutes" | "resolutionMinutes">;

/** The targets of a governance (or of anything that carries them), and nothing else. */
export const targetsOf = ({ policyId, responseMinutes, resolutionMinutes }: SlaTargets): SlaTargets => ({ policyId, responseMinutes, resolutionMinutes });

export const sameTargets = (a: SlaTargets, b: SlaTargets) => a.policyId === b.policyId && a.responseMinutes === b.responseMinutes && a.resolutionMinutes === b.resolutionMinutes;

export type StatusMove = { at: number; from: TicketStatus; to: TicketStatus };
export type Retargeting = { at: number; from: SlaTargets; to: SlaTargets };
export type CrossingEvent = { at: number; metric: ClockMetric; band: Crossing };

/** What the timeline is assembled from; moves and re-targets in the order they were written. */
export type ClockHistory = {
  /** The clocks as stored now and what governs them now (its calendar counts the whole replay). */
  clocks: TicketClocks;
  governance: Governance;
  moves: readonly StatusMove[];
  retargets: readonly Retargeting[];
  crossings: readonly CrossingEvent[];
};

const METRICS = ["response", "resolution"] as const;
const DUE_KINDS: ReadonlySet<TimelineKind> = new Set(["started", "retargeted", "resumed", "met"]);

/** What a change of one clock tells, in order: a pause begun or ended (a reopen ends its stop too), a meeting. */
function changesOf(before: MetricClock, after: MetricClock): TimelineKind[] {
  const kinds: TimelineKind[] = [];
  if (before.pausedSince === null && after.pausedSince !== null) kinds.push("paused");
  if ((before.pausedSince !== null && after.pausedSince === null) || (before.metAt !== null && after.metAt === null)) kinds.push("resumed");
  if (before.metAt === null && after.metAt !== null) kinds.push("met");
  return kinds;
}

type Happening = { at: number; rank: number; apply: () => void };

/**
 * The timeline of a ticket's clocks, oldest first. What happened at one instant comes in the order
 * started, retargeted, the status moves as written (a move undone in the same instant stays after
 * it), the response met by a reply, crossed, breached; the entries of one move in the order of
 * TIMELINE_KINDS, the response's before the resolution's. The clocks are replayed with the
 * lifecycle's own functions from their start under the initial targets (the first re-target's
 * `from`, else the current ones): an entry is told only where the replayed clock changed, so a
 * pause never shows on a met clock, and the response's meeting — taken from the stored clock,
 * whatever met it — shows once. Crossings are the recorded ones; a late meeting shows as `met`
 * with more elapsed minutes than the target.
 */
export function slaTimeline(history: ClockHistory): TimelineEntry[] {
  const { calendar } = history.governance;
  const initial = history.retargets[0]?.from ?? targetsOf(history.governance);
  const startedAt = history.clocks.resolution.startedAt;
  let clocks = startClocks({ ...history.governance, ...initial }, startedAt);
  let policyId = initial.policyId;
  const entries: TimelineEntry[] = [];

  const tell = (metric: ClockMetric, kind: TimelineKind, at: number, extra: Pick<TimelineEntry, "band" | "policyId"> = {}) => {
    const clock = clocks[metric];
    const dueAt = DUE_KINDS.has(kind) ? computeDueAt(calendar, clock, at) : undefined;
    entries.push({ at, metric, kind, ...extra, ...(dueAt !== undefined && { dueAt }), elapsedMinutes: metricStatus(calendar, clock, at).elapsedMinutes });
  };
  const become = (at: number, next: TicketClocks) => {
    const told = { response: changesOf(clocks.response, next.response), resolution: changesOf(clocks.resolution, next.resolution) };
    clocks = next;
    for (const kind of TIMELINE_KINDS) for (const metric of METRICS) if (told[metric].includes(kind)) tell(metric, kind, at);
  };
  const retargetTo = ({ at, to }: Retargeting) => {
    const next = retarget(clocks, { ...history.governance, ...to });
    const moved = METRICS.filter((metric) => to.policyId !== policyId || next[metric].targetMinutes !== clocks[metric].targetMinutes);
    [clocks, policyId] = [next, to.policyId];
    for (const metric of moved) tell(metric, "retargeted", at, { policyId });
  };

  const metAt = history.clocks.response.metAt;
  // Ranks order what happens at one instant as the writes did: a re-target is computed before the move of the same change.
  const happenings: Happening[] = [
    { at: startedAt, rank: 0, apply: () => METRICS.forEach((metric) => tell(metric, "started", startedAt, { policyId })) },
    ...history.retargets.map((change) => ({ at: change.at, rank: 1, apply: () => retargetTo(change) })),
    ...history.moves.map(({ at, from, to }) => ({ at, rank: 2, apply: () => become(at, clocksAfterMove(calendar, clocks, from, to, at)) })),
    ...(metAt === null ? [] : [{ at: metAt, rank: 3, apply: () => become(metAt, { ...clocks, response: meetClock(clocks.response, metAt) }) }]),
    ...history.crossings.map(({ at, metric, band }) => ({
      at,
      rank: 4 + CROSSINGS.indexOf(band),
      apply: () => tell(metric, band === "breached" ? "breached" : "crossed", at, { band }),
    })),
  ];
  happenings.sort((a, b) => a.at - b.at || a.rank - b.rank).forEach((happening) => happening.apply());
  return entries;
}
