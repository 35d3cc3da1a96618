import type { EscalationPolicy } from "./escalation-policy";

/**
 * A ticket's escalation ladder (contract §5). `level` 0 is no escalation. `nextStepAt` is set only
 * while the ladder runs: an acknowledgement, the ticket's resolution, or the end of the ladder
 * clear it. `round` counts how often the ladder started again from level 1.
 */
export type Ladder = { level: number; round: number; since: number | null; nextStepAt: number | null; acknowledgedAt: number | null; acknowledgedBy: string | null };

export const NO_LADDER: Ladder = { level: 0, round: 0, since: null, nextStepAt: null, acknowledgedAt: null, acknowledgedBy: null };

const MINUTE = 60_000;

/** The ladder at `level` from `now`: running, unacknowledged, its timer set by the level's timeout. */
function at(policy: EscalationPolicy, level: number, round: number, now: number): Ladder {
  const timeout = policy.levels[level - 1]!.ackTimeoutMinutes;
  return { level, round, since: now, nextStepAt: now + timeout * MINUTE, acknowledgedAt: null, acknowledgedBy: null };
}

/**
 * A trigger (an SLA threshold, P1 creation, a second reopen, an automation) moves the ladder only
 * up: to `target` (capped at the last level) when that is above the current level, else nothing
 * (null). Raising starts a fresh round.
 */
export function raise(ladder: Ladder, policy: EscalationPolicy, target: number, now: number): Ladder | null {
  const level = Math.min(target, policy.levels.length);
  return level > ladder.level ? at(policy, level, 0, now) : null;
}

/** Steps this close together are one: two triggers at one instant, or a double click, make one level change. */
export const SAME_INSTANT_MS = 1_000;

/**
 * A manual escalation: one level up. `joined` when the ladder stepped less than SAME_INSTANT_MS
 * ago (that step answers this request too); `at_top` at the last level.
 */
export function escalateManually(ladder: Ladder, policy: EscalationPolicy, now: number): { kind: "step"; ladder: Ladder } | { kind: "joined" } | { kind: "at_top" } {
  if (ladder.since !== null && now - ladder.since < SAME_INSTANT_MS) return { kind: "joined" };
  if (ladder.level >= policy.levels.length) return { kind: "at_top" };
  return { kind: "step", ladder: at(policy, ladder.level + 1, 0, now) };
}

/**
 * The level's time to acknowledge ran out: the next level; after the last, level 1 again while
 * rounds remain (`repeat`); then the ladder stays where it is, silent (null: nothing is sent).
 * The policy is read at the step, so a changed policy applies from the next step on.
 */
export function onTimeout(ladder: Ladder, policy: EscalationPolicy, now: number): Ladder | null {
  if (ladder.level < policy.levels.length) return at(policy, ladder.level + 1, ladder.round, now);
  if (ladder.round < policy.repeat) return at(policy, 1, ladder.round + 1, now);
  return null;
}

/** Acknowledged: the ladder stops until a new trigger raises it. Null when there is nothing to acknowledge. */
export function acknowledge(ladder: Ladder, by: string, now: number): Ladder | null {
  if (ladder.level === 0 || ladder.acknowledgedAt !== null) return null;
  return { ...ladder, nextStepAt: null, acknowledgedAt: now, acknowledgedBy: by };
}
