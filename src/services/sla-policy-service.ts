import type { Database } from "../db/client";
import { isForeignKeyViolation } from "../db/constraint";
import { findCalendarInOrg } from "../db/sla-calendars";
import {
  defaultPolicies,
  deletePolicyKeepingDefaults,
  findPolicyInOrg,
  insertPolicy,
  listPolicies,
  policySortValue,
  updatePolicyKeepingDefaults,
  type PolicyRow,
  type PolicySortField,
} from "../db/sla-policies";
import { isDefaultPolicy, matchPolicy } from "../domain/policy-match";
import { PRIORITIES, type Priority } from "../domain/ticket-fields";
import { ApiError } from "../http/errors";
import { toPage, type PageRequest } from "../http/pagination";
import type { WakeRooms } from "../live/publish";
import { retimeTicketsOfPolicy } from "./sla-retime";

/** The targets of a policy; `calendarId` null is the built-in 24x7 calendar. */
export type PolicyTargets = { responseMinutes: number; resolutionMinutes: number; calendarId: string | null; dueSoonMinutes: number };
export type PolicyInput = PolicyTargets & { name: string; priority: Priority; category: string | null; customer: string | null };

const unknownCalendar = () => ApiError.validation([{ path: "calendarId", message: "No such calendar in the organization." }]);

function lastDefault(policy: PolicyRow) {
  return ApiError.conflict(
    "E_DEFAULT_POLICY",
    `This is the last default policy of ${policy.priority}, and every priority needs one (no category, no customer).`,
    { policyId: policy.id, priority: policy.priority },
  );
}

/**
 * Runs a policy write whose calendar must be the organization's. The check reads first; a
 * calendar deleted in between is then caught by the foreign key, and reads the same.
 */
async function withCalendar<T>(db: Database, orgId: string, calendarId: string | null, write: () => Promise<T>): Promise<T> {
  if (calendarId !== null && !(await findCalendarInOrg(db, orgId, calendarId))) throw unknownCalendar();
  try {
    return await write();
  } catch (err) {
    if (isForeignKeyViolation(err)) throw unknownCalendar();
    throw err;
  }
}

/** After a refused conditional write: the policy is gone (404) or was its priority's last default (409). */
async function refusal(db: Database, orgId: string, id: string): Promise<ApiError> {
  const policy = await findPolicyInOrg(db, orgId, id);
  return policy ? lastDefault(policy) : ApiError.notFound("SLA policy");
}

export async function listOrgPolicies(db: Database, orgId: string, page: PageRequest<PolicySortField>, priority?: Priority) {
  const rows = await listPolicies(db, orgId, page, priority);
  return toPage(rows, page.limit, (row) => ({ value: policySortValue(row, page.field), id: row.id }));
}

export async function getOrgPolicy(db: Database, orgId: string, id: string): Promise<PolicyRow> {
  const policy = await findPolicyInOrg(db, orgId, id);
  if (!policy) throw ApiError.notFound("SLA policy");
  return policy;
}

export async function createOrgPolicy(db: Database, orgId: string, input: PolicyInput, now: Date): Promise<PolicyRow> {
  const [policy] = await withCalendar(db, orgId, input.calendarId, () =>
    insertPolicy(db, { id: crypto.randomUUID(), orgId, ...input, createdAt: now, updatedAt: now }),
  );
  return policy!;
}

/**
 * Replaces a whole policy; turning a priority's last default into anything else is refused (409).
 * The running tickets it governed are then re-timed (and matched again: it may no longer fit them).
 */
export async function replaceOrgPolicy(db: Database, orgId: string, id: string, input: PolicyInput, now: Date, wake?: WakeRooms): Promise<PolicyRow> {
  const staysDefaultOf = isDefaultPolicy(input) ? input.priority : null;
  const [policy] = await withCalendar(db, orgId, input.calendarId, () =>
    updatePolicyKeepingDefaults(db, orgId, id, { ...input, updatedAt: now }, staysDefaultOf),
  );
  if (!policy) throw await refusal(db, orgId, id);
  await retimeTicketsOfPolicy(db, orgId, policy.id, now, wake);
  return policy;
}

/** Deletes a policy, except the last default of its priority (409); its running tickets move to the next match. */
export async function deleteOrgPolicy(db: Database, orgId: string, id: string, now: Date, wake?: WakeRooms): Promise<void> {
  const [deleted] = await deletePolicyKeepingDefaults(db, orgId, id);
  if (!deleted) throw await refusal(db, orgId, id);
  await retimeTicketsOfPolicy(db, orgId, id, now, wake);
}

/** The default policy in force for each priority, P1 first: the one `matchPolicy` picks for a plain ticket. */
export async function getSlaConfig(db: Database, orgId: string): Promise<PolicyRow[]> {
  const defaults = await defaultPolicies(db, orgId);
  return PRIORITIES.flatMap((priority) => matchPolicy(defaults, { priority, category: null, customer: null }) ?? []);
}

/**
 * Sets the targets of `priority`'s default policy in force and re-times its running tickets, or
 * creates one when there is none (it governs no ticket yet). A default deleted between the read
 * and the write (there was another) is looked up again.
 */
export async function putSlaConfig(db: Database, orgId: string, priority: Priority, targets: PolicyTargets, now: Date, wake?: WakeRooms) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = matchPolicy(await defaultPolicies(db, orgId, priority), { priority, category: null, customer: null });
    if (!current) {
      const policy = await createOrgPolicy(db, orgId, { name: `Default ${priority}`, priority, category: null, customer: null, ...targets }, now);
      return { policy, created: true };
    }
    const [policy] = await withCalendar(db, orgId, targets.calendarId, () =>
      updatePolicyKeepingDefaults(db, orgId, current.id, { ...targets, updatedAt: now }, priority),
    );
    if (policy) {
      await retimeTicketsOfPolicy(db, orgId, policy.id, now, wake);
      return { policy, created: false };
    }
  }
  throw ApiError.conflict("E_CONCURRENT_CHANGE", "The default policies changed while this was written; try again.");
}
