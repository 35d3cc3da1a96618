import { and, type SQL } from "drizzle-orm";
import { assignCountIs, assignmentCandidates, recordAssignment } from "../db/assignment";
import type { Database } from "../db/client";
import { chooseAssignee, type AssignChoice } from "../domain/auto-assign";

/**
 * An auto-assignment ready for a write's batch: the choice (pure, src/domain/auto-assign.ts), the
 * condition the write must hold under, and the statements that record it. The condition is the
 * chosen member's assignment count as read: of concurrent writes that chose the same member only
 * the first commits, and the others choose again on fresh counts, so concurrent creates spread.
 */
export type AutoAssignment =
  | { kind: "assigned"; choice: Extract<AssignChoice, { kind: "assigned" }>; guard: SQL; record: (onlyIf: SQL) => ReturnType<typeof recordAssignment> }
  | { kind: "none"; choice: Extract<AssignChoice, { kind: "none" }> };

export async function planAutoAssignment(db: Database, orgId: string, teamId: string, category: string | null, now: Date): Promise<AutoAssignment> {
  const rows = await assignmentCandidates(db, orgId, teamId);
  const choice = chooseAssignee(
    rows.map((row) => ({ ...row, lastAssignedAt: row.lastAssignedAt?.getTime() ?? null })),
    category,
  );
  if (choice.kind === "none") return { kind: "none", choice };
  const read = rows.find((row) => row.userId === choice.userId)!.assignCount;
  const guard = assignCountIs(teamId, choice.userId, read);
  return { kind: "assigned", choice, guard, record: (onlyIf) => recordAssignment(db, teamId, choice.userId, now, and(guard, onlyIf)) };
}

/** The history row's explanation of a choice (contract §5). */
export function assignmentReason(choice: AssignChoice) {
  return { rule: choice.reason.rule, candidates: choice.reason.candidates };
}
