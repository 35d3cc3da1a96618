/**
 * Whether a team room is in step with D1 (contract §7: "the room is rebuilt from it whenever it is
 * cold or out of step"). D1 counts every committed change of the team's tickets in the change's own
 * batch; the room counts the publishes it received. A publish travels after its commit, so for a
 * moment D1 may be ahead with nothing lost: only a shortfall that outlives a grace period is a lost
 * publish.
 */
export type StepVerdict =
  /** The room has every change D1 committed. */
  | { kind: "in_step" }
  /** D1 is ahead: look again after the grace period, expecting at least `expect` by then. */
  | { kind: "wait"; expect: number }
  /** A change D1 committed before the last look still has not arrived: rebuild from D1. */
  | { kind: "resync" };

/**
 * The verdict of one look at D1. `received`: publishes the room has counted; `committed`: D1's count
 * now; `expected`: D1's count at the previous look, when that look found D1 ahead (its `wait`).
 */
export function stepVerdict(received: number, committed: number, expected: number | undefined): StepVerdict {
  if (expected !== undefined && received < expected) return { kind: "resync" };
  if (received >= committed) return { kind: "in_step" };
  return { kind: "wait", expect: committed };
}

/**
 * When a team room must wake next: the earliest of the instants it waits for (a socket's token
 * expiry, the team's next SLA crossing, the next look at D1), never earlier than 1 ms after `now`
 * (an alarm set for "now" from inside an alarm is dropped). Undefined when it waits for nothing.
 */
export function nextWake(instants: readonly (number | undefined)[], now: number): number | undefined {
  const times = instants.filter((at): at is number => at !== undefined);
  if (times.length === 0) return undefined;
  return Math.max(Math.min(...times), now + 1);
}
