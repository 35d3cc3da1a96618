/**
 * A team's escalation policy (contract §5): 1–5 levels, each naming people (users of the
 * organization) or a role, with how long the level has to acknowledge; the SLA bands that put the
 * ladder at a level; and how many times the ladder starts again from level 1 after its last level.
 */

export const THRESHOLD_BANDS = ["warning", "high_risk", "breached"] as const;

/** What moved a ladder (contract §5, `GET /escalations`' `trigger`). */
export const ESCALATION_TRIGGERS = ["sla", "manual", "priority", "reopen", "timeout", "automation"] as const;
export type EscalationTrigger = (typeof ESCALATION_TRIGGERS)[number];
export type ThresholdBand = (typeof THRESHOLD_BANDS)[number];

export type EscalationLevel = { userIds?: string[]; role?: "manager" | "admin"; ackTimeoutMinutes: number };
export type EscalationPolicy = { levels: EscalationLevel[]; thresholds: Partial<Record<string, ThresholdBand>>; repeat: number };

export const MAX_LEVELS = 5;
export const MAX_REPEAT = 9;

/** A team without a policy: its managers, who have 30 minutes to acknowledge. */
export const DEFAULT_POLICY: EscalationPolicy = { levels: [{ role: "manager", ackTimeoutMinutes: 30 }], thresholds: {}, repeat: 0 };

/** Level 1 at high risk, level 2 at a breach, unless the policy says otherwise. */
export const DEFAULT_THRESHOLDS: Readonly<Record<string, ThresholdBand>> = { level1: "high_risk", level2: "breached" };

/**
 * The level each band puts the ladder at, for the levels the policy has: its own thresholds over
 * the defaults. A band may name one level only; the highest wins.
 */
export function thresholdLevels(policy: EscalationPolicy): Map<ThresholdBand, number> {
  const merged: Record<string, ThresholdBand> = { ...DEFAULT_THRESHOLDS, ...policy.thresholds } as Record<string, ThresholdBand>;
  const byBand = new Map<ThresholdBand, number>();
  for (let level = 1; level <= policy.levels.length; level += 1) {
    const band = merged[`level${level}`];
    if (band !== undefined) byBand.set(band, level);
  }
  return byBand;
}

/**
 * What is wrong with a policy beyond its shape: a threshold for a level the policy lacks, or
 * thresholds out of band order (a higher level must wait for a later band).
 */
export function policyIssues(policy: EscalationPolicy): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  let previous = -1;
  for (let level = 1; level <= MAX_LEVELS; level += 1) {
    const band = policy.thresholds[`level${level}`];
    if (band === undefined) continue;
    if (level > policy.levels.length) issues.push({ path: `thresholds.level${level}`, message: `The policy has ${policy.levels.length} level(s).` });
    const rank = THRESHOLD_BANDS.indexOf(band);
    if (rank <= previous) issues.push({ path: `thresholds.level${level}`, message: "Thresholds must rise with the levels: warning, then high_risk, then breached." });
    previous = rank;
  }
  policy.levels.forEach((level, index) => {
    if ((level.userIds?.length ?? 0) === 0 && level.role === undefined) issues.push({ path: `levels.${index}`, message: "Name userIds, a role, or both." });
  });
  return issues;
}
