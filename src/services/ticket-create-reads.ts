import { enabledRulesQuery, toRule } from "../db/automations";
import type { Database } from "../db/client";
import { policyFromRow, policyRowsQuery } from "../db/escalation-policies";
import { configVersionQuery } from "../db/organizations";
import { pairWithCalendars, policiesAndCalendarsQueries } from "../db/sla-governance";
import { teamRowsQuery } from "../db/teams";
import { BoundedMap } from "../domain/bounded-map";
import type { Priority } from "../domain/ticket-fields";

/** The configuration a create files a ticket under, with the organization's token it was read at. */
export type CreateReads = Awaited<ReturnType<typeof readCreateConfiguration>>;

/**
 * Everything a create reads before it writes, in one D1 call: the organization's configuration
 * token, the team, the organization's rules on `ticket.created`, the SLA policies of the ticket's
 * priority and the team's escalation policy (a P1 starts its ladder; the row is read whatever the
 * priority, since a statement costs little once in the call). One batch is one transaction, so the
 * token stands for exactly these rows.
 */
async function readCreateConfiguration(db: Database, orgId: string, teamId: string, priority: Priority) {
  const [[org], [team], ruleRows, policies, calendars, [escalationRow]] = await db.batch([
    configVersionQuery(db, orgId),
    teamRowsQuery(db, orgId, teamId),
    enabledRulesQuery(db, orgId, "ticket.created"),
    ...policiesAndCalendarsQueries(db, orgId, priority),
    policyRowsQuery(db, teamId),
  ]);
  return {
    version: org?.version ?? "",
    team: team && { autoAssign: team.autoAssign },
    rules: ruleRows.map(toRule),
    policies: pairWithCalendars(policies, calendars),
    escalationPolicy: priority === "P1" ? policyFromRow(escalationRow) : undefined,
  };
}

/**
 * The configurations read lately, per isolate. A D1 call costs far more than a statement in it (a
 * network round trip in production, about 1 ms of the one thread under the local runtime, where a
 * create's read call was measured at 2.7 ms of its 9), so a create whose configuration is here
 * makes one call, its write batch, which files nothing unless the token is still current
 * (`configIsAt`). Only a team that exists is kept; the oldest entry goes first past the bound.
 */
const remembered = new BoundedMap<string, CreateReads>(256);

const keyOf = (orgId: string, teamId: string, priority: Priority) => `${orgId}\n${teamId}\n${priority}`;

/** The configuration of a create as last read in this isolate, if any: the write batch must check its token. */
export function rememberedReads(orgId: string, teamId: string, priority: Priority): CreateReads | undefined {
  return remembered.get(keyOf(orgId, teamId, priority));
}

/** Reads a create's configuration from D1 (see `readCreateConfiguration`) and remembers it for the next. */
export async function readsForCreate(db: Database, orgId: string, teamId: string, priority: Priority): Promise<CreateReads> {
  const key = keyOf(orgId, teamId, priority);
  remembered.delete(key);
  const reads = await readCreateConfiguration(db, orgId, teamId, priority);
  if (reads.team) remembered.set(key, reads);
  return reads;
}
