import { eq, sql } from "drizzle-orm";
import { DEFAULT_POLICY, type EscalationPolicy } from "../domain/escalation-policy";
import type { Database } from "./client";
import { escalationPolicies } from "./schema";

/**
 * A team's stored escalation policy as rows (none, or one: without, the team follows the default),
 * a query a caller may put in a D1 batch, where drizzle's findFirst fails on finding nothing.
 */
export function policyRowsQuery(db: Database, teamId: string) {
  return db.select().from(escalationPolicies).where(eq(escalationPolicies.teamId, teamId));
}

/** The policy a team's stored row (or its absence) stands for. */
export function policyFromRow(row: typeof escalationPolicies.$inferSelect | undefined): EscalationPolicy & { custom: boolean } {
  return row ? { levels: row.levels, thresholds: row.thresholds, repeat: row.repeat, custom: true } : { ...DEFAULT_POLICY, custom: false };
}

/** A team's escalation policy, or the default when it has none. */
export async function policyOf(db: Database, teamId: string): Promise<EscalationPolicy & { custom: boolean }> {
  const [row] = await policyRowsQuery(db, teamId);
  return policyFromRow(row);
}

/** Replaces a team's policy (running ladders follow it from their next step). */
export function putPolicy(db: Database, orgId: string, teamId: string, policy: EscalationPolicy, now: Date) {
  const values = { teamId, orgId, levels: policy.levels, thresholds: policy.thresholds, repeat: policy.repeat, updatedAt: now };
  return db
    .insert(escalationPolicies)
    .values(values)
    .onConflictDoUpdate({
      target: escalationPolicies.teamId,
      set: { levels: sql`excluded.levels`, thresholds: sql`excluded.thresholds`, repeat: sql`excluded.repeat`, updatedAt: sql`excluded.updated_at` },
    });
}
