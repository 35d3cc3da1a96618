import { DEFAULT_POLICY, DEFAULT_THRESHOLDS, MAX_LEVELS } from "../domain/escalation-policy";

/**
 * The set-based ladder steps of contract §5, mirroring src/domain/escalation-ladder.ts (`onTimeout`,
 * `raise`) in SQL so that a pass steps every due ticket in one statement. Raw SQL with numbered
 * parameters, like the risk pass: ?1 the writer's batch id, ?2 now (ms), ?3 the limit, ?4 the team
 * (scoped passes). A stepped ticket gets a fresh `escalation_id` and `escalation_batch = ?1`, which
 * is what src/db/escalation-steps.ts's follow-ups select; its version moves, as for any change.
 */

const DEFAULT_LEVELS = `'${JSON.stringify(DEFAULT_POLICY.levels)}'`;
const levelsOf = (policy: string) => `coalesce(${policy}.levels, ${DEFAULT_LEVELS})`;
const timeoutOf = (levels: string, level: string) => `60000 * json_extract(${levels}, '$[' || (${level} - 1) || '].ackTimeoutMinutes')`;

/** The columns a step sets, `level` being the new level (SQL over the FROM row). */
const stepTo = (level: string, round: string, levels: string) => `escalation_level = ${level}, escalation_round = ${round}, escalation_since = ?2,
  escalation_next_step_at = ?2 + ${timeoutOf(levels, level)},
  escalation_acknowledged_at = NULL, escalation_acknowledged_by = NULL,
  escalation_id = lower(hex(randomblob(16))), escalation_batch = ?1, version = tickets.version + 1, updated_at = ?2`;

/**
 * Timeouts: every ticket whose level was not acknowledged in time moves to the next level, after the
 * last back to level 1 while rounds remain (`endSpentLadders` has cleared the rest). The policy is
 * read now, so a changed policy applies from the next step.
 */
export function stepTimeouts(scoped: boolean): string {
  const team = scoped ? "t.team_id = ?4 AND " : "";
  const index = scoped ? "tickets_team_escalation_next_idx" : "tickets_escalation_next_idx";
  return `WITH due AS (
    SELECT t.rowid AS rid, t.escalation_level AS level, t.escalation_round AS round, ${levelsOf("p")} AS levels, coalesce(p.repeat, 0) AS rep
    FROM tickets t INDEXED BY ${index} LEFT JOIN escalation_policies p ON p.team_id = t.team_id
    WHERE ${team}t.escalation_next_step_at IS NOT NULL AND t.escalation_next_step_at <= ?2
    ORDER BY t.escalation_next_step_at LIMIT ?3),
  next AS (
    SELECT rid, levels,
      CASE WHEN level < json_array_length(levels) THEN level + 1 WHEN round < rep THEN 1 END AS level,
      CASE WHEN level < json_array_length(levels) THEN round ELSE round + 1 END AS round
    FROM due)
  UPDATE tickets SET ${stepTo("n.level", "n.round", "n.levels")}
  FROM next n WHERE tickets.rowid = n.rid AND n.level IS NOT NULL`;
}

/**
 * The due timers of ladders that ran out of levels and rounds: cleared, and nothing sent. Runs
 * before `stepTimeouts`, which then finds only ladders with a step to take.
 */
export function endSpentLadders(scoped: boolean): string {
  const team = scoped ? "team_id = ?4 AND " : "";
  const policy = (column: string) => `(SELECT p.${column} FROM escalation_policies p WHERE p.team_id = tickets.team_id)`;
  return `UPDATE tickets SET escalation_next_step_at = NULL
  WHERE ${team}escalation_next_step_at IS NOT NULL AND escalation_next_step_at <= ?2
    AND escalation_level >= json_array_length(coalesce(${policy("levels")}, ${DEFAULT_LEVELS}))
    AND escalation_round >= coalesce(${policy("repeat")}, 0)`;
}

/** Whether any ladder step is due: one seek in the partial index. */
export function anyStepDue(scoped: boolean): string {
  const team = scoped ? "team_id = ?4 AND " : "";
  return `SELECT EXISTS (SELECT 1 FROM tickets WHERE ${team}escalation_next_step_at IS NOT NULL AND escalation_next_step_at <= ?2) AS due`;
}

/** The level a band puts a ladder at under policy `p` (defaults for levels 1 and 2), or 0. */
function thresholdLevel(band: string, levels: string): string {
  const cases = [];
  for (let level = MAX_LEVELS; level >= 1; level -= 1) {
    const fallback = DEFAULT_THRESHOLDS[`level${level}`];
    const threshold = `coalesce(json_extract(p.thresholds, '$.level${level}'), ${fallback ? `'${fallback}'` : "NULL"})`;
    cases.push(`WHEN json_array_length(${levels}) >= ${level} AND ${band} = ${threshold} THEN ${level}`);
  }
  return `CASE ${cases.join(" ")} ELSE 0 END`;
}

/**
 * SLA thresholds (in the risk pass's round, ?1 being its pass id): each ticket whose events of the
 * round reached a threshold band goes up to that level, if that is above its current one and the
 * ticket is still being worked. Two triggers at one instant (a manual escalation, this) make one
 * step: each is conditional on the level it read.
 */
export const raiseAtThresholds = `WITH hit AS (
    SELECT e.ticket_id, ${levelsOf("p")} AS levels, max(${thresholdLevel("e.band", levelsOf("p"))}) AS level
    FROM sla_events e JOIN tickets t ON t.id = e.ticket_id LEFT JOIN escalation_policies p ON p.team_id = t.team_id
    WHERE e.pass_id = ?1 GROUP BY e.ticket_id)
  UPDATE tickets SET ${stepTo("h.level", "0", "h.levels")}
  FROM hit h WHERE tickets.id = h.ticket_id AND h.level > tickets.escalation_level AND tickets.status IN ('new', 'open', 'in_progress', 'pending')`;
