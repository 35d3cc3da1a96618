import type { Priority } from "./ticket-fields";

/** What matching needs of a policy; the rest of the row passes through untouched. */
export type MatchablePolicy = { id: string; priority: Priority; category: string | null; customer: string | null; createdAt: Date };

/** What matching needs of a ticket. */
export type PolicyTarget = { priority: Priority; category: string | null; customer: string | null };

/** The most a single SLA target may be: 365 days, in minutes. */
export const MAX_TARGET_MINUTES = 365 * 24 * 60;

/** `dueSoonMinutes` of a policy that names none (contract §4). */
export const DEFAULT_DUE_SOON_MINUTES = 60;

/** The default policies every organization starts with (contract §4), in minutes, 24x7. */
export const DEFAULT_TARGETS: Record<Priority, { responseMinutes: number; resolutionMinutes: number }> = {
  P1: { responseMinutes: 15, resolutionMinutes: 4 * 60 },
  P2: { responseMinutes: 60, resolutionMinutes: 8 * 60 },
  P3: { responseMinutes: 4 * 60, resolutionMinutes: 24 * 60 },
  P4: { responseMinutes: 24 * 60, resolutionMinutes: 5 * 24 * 60 },
};

/** A default policy is one that narrows by neither category nor customer: the fallback of its priority. */
export function isDefaultPolicy(policy: Pick<MatchablePolicy, "category" | "customer">): boolean {
  return policy.category === null && policy.customer === null;
}

/** True when `policy` may govern `ticket`: same priority, and each scope it names is the ticket's. */
export function appliesTo(policy: MatchablePolicy, ticket: PolicyTarget): boolean {
  return (
    policy.priority === ticket.priority &&
    (policy.category === null || policy.category === ticket.category) &&
    (policy.customer === null || policy.customer === ticket.customer)
  );
}

/**
 * How specific a policy is: priority+category+customer (3) > priority+category (2) >
 * priority+customer (1) > priority alone (0). Category outranks customer because it says what the
 * work is, which sets how long it takes; a customer-wide promise is the broader fallback.
 */
export function specificity(policy: Pick<MatchablePolicy, "category" | "customer">): number {
  return (policy.category === null ? 0 : 2) + (policy.customer === null ? 0 : 1);
}

/** Orders equally specific policies: the oldest first, then the smaller id, so the choice never flickers. */
function olderFirst(a: MatchablePolicy, b: MatchablePolicy): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The policy that governs `ticket` among `policies`: the most specific of those that apply, ties
 * going to the oldest and then the smallest id. Scopes match exactly (case and all), as the
 * ticket list's `category` filter does. Undefined only when not even a default applies.
 */
export function matchPolicy<P extends MatchablePolicy>(policies: readonly P[], ticket: PolicyTarget): P | undefined {
  let best: P | undefined;
  for (const policy of policies) {
    if (!appliesTo(policy, ticket)) continue;
    if (!best) {
      best = policy;
      continue;
    }
    const rank = specificity(policy) - specificity(best);
    if (rank > 0 || (rank === 0 && olderFirst(policy, best) < 0)) best = policy;
  }
  return best;
}
