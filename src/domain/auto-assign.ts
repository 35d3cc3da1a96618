/**
 * Auto-assignment (contract §5): who of a team's members gets a new ticket. Pure: the caller loads
 * the members, their active-ticket counts and when each was last assigned, and stores the answer
 * (the reason goes into the ticket's history row as-is).
 */

/** One team member as auto-assignment weighs them. */
export type AssignCandidate = {
  userId: string;
  /** Whether the member takes new tickets now; an unavailable member is never picked. */
  available: boolean;
  /** The categories they handle, matched case-insensitively against the ticket's category. */
  skills: readonly string[];
  /** The most active tickets they may hold; null: no cap. */
  maxActive: number | null;
  /** Their active (not resolved/closed) tickets now. */
  activeCount: number;
  /** When they were last assigned a ticket (ms since the epoch); null: never. */
  lastAssignedAt: number | null;
};

/** The rule named in the history row, so a reader knows how the choice was made. */
export const AUTO_ASSIGN_RULE = "skills+least-active" as const;

/**
 * The outcome: the member picked, or none. `candidates` is the size of the pool the pick was made
 * from (after the skill and capacity filters); a "none" says which filter emptied it, so the
 * managers' notification can tell "nobody is on duty" from "everybody is full".
 */
export type AssignChoice =
  | { kind: "assigned"; userId: string; reason: { rule: "skills+least-active"; candidates: number } }
  | {
      kind: "none";
      reason: { rule: "skills+least-active"; candidates: 0; why: "no_available_member" | "all_at_capacity" };
    };

/** Whether `candidate` handles `category` (null: no category, which nobody "handles"). */
function hasSkill(candidate: AssignCandidate, category: string | null): boolean {
  if (category === null) return false;
  const wanted = category.toLowerCase();
  return candidate.skills.some((skill) => skill.toLowerCase() === wanted);
}

/** Below their cap: one more ticket keeps them at or under `maxActive`. */
function belowCapacity(candidate: AssignCandidate): boolean {
  return candidate.maxActive === null || candidate.activeCount < candidate.maxActive;
}

/**
 * Orders the eligible pool best first: fewest active tickets, then assigned longest ago (never
 * assigned counts as oldest of all, so a new member is picked up first), then userId by code
 * unit — not localeCompare, whose answer depends on the runtime's locale data.
 */
function better(a: AssignCandidate, b: AssignCandidate): number {
  if (a.activeCount !== b.activeCount) return a.activeCount - b.activeCount;
  const aLast = a.lastAssignedAt ?? Number.NEGATIVE_INFINITY;
  const bLast = b.lastAssignedAt ?? Number.NEGATIVE_INFINITY;
  if (aLast !== bLast) return aLast < bLast ? -1 : 1;
  return a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
}

/**
 * The members a ticket of `category` may go to, best first (see chooseAssignee). The objects are
 * those of `candidates`.
 */
function rankedPool(candidates: readonly AssignCandidate[], category: string | null): AssignCandidate[] {
  const available = candidates.filter((candidate) => candidate.available);
  const skilled = available.filter((candidate) => hasSkill(candidate, category));
  // The skill filter comes first and the capacity filter after it: when the people who handle the
  // category are all full, the ticket waits for them (and the managers hear of it) rather than
  // going to someone who does not handle it. Only when nobody available has the skill at all does
  // the whole available team count.
  const pool = skilled.length > 0 ? skilled : available;
  return pool.filter(belowCapacity).sort(better);
}

/**
 * Picks the assignee of a ticket of `category` (contract §5, "Auto-assignment"): among the
 * available members who have the category as a skill (all available members when none do, or
 * when the category is null), those below their `maxActive`; of these the one with the fewest
 * active tickets, ties to the one assigned longest ago (round robin), then by userId so the answer
 * never depends on the order the members were loaded in.
 */
export function chooseAssignee(candidates: readonly AssignCandidate[], category: string | null): AssignChoice {
  const pool = rankedPool(candidates, category);
  const best = pool[0];
  if (best === undefined) {
    const why = candidates.some((candidate) => candidate.available) ? "all_at_capacity" : "no_available_member";
    return { kind: "none", reason: { rule: AUTO_ASSIGN_RULE, candidates: 0, why } };
  }
  return { kind: "assigned", userId: best.userId, reason: { rule: AUTO_ASSIGN_RULE, candidates: pool.length } };
}
