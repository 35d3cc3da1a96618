import type { AutomationDraft } from "../db/automations";
import type { Database } from "../db/client";
import { teamsOfOrg } from "../db/teams";
import { usersOfOrg } from "../db/users";
import { webhooksOfOrg } from "../db/webhooks";
import { checkRuleShape, referencedIds, type RuleIssue } from "../domain/automation-check";
import { ApiError } from "../http/errors";

type Reference = { path: string; id: string };

const distinct = (refs: readonly Reference[]) => [...new Set(refs.map((ref) => ref.id))];

/** Ids the organization has, looked up set-based: one query per kind, none for a kind the rule does not name. */
async function knownIds(db: Database, orgId: string, refs: ReturnType<typeof referencedIds>) {
  const lookup = async <Row extends { id: string }>(list: Reference[], query: (ids: string[]) => Promise<Row[]>) =>
    list.length === 0 ? [] : query(distinct(list));
  const [users, teams, webhooks] = await Promise.all([
    lookup(refs.userIds, (ids) => usersOfOrg(db, orgId, ids)),
    lookup(refs.teamIds, (ids) => teamsOfOrg(db, orgId, ids)),
    lookup(refs.webhookIds, (ids) => webhooksOfOrg(db, orgId, ids)),
  ]);
  return {
    users: new Map(users.map((user) => [user.id, user.active])),
    teams: new Set(teams.map((team) => team.id)),
    webhooks: new Set(webhooks.map((webhook) => webhook.id)),
  };
}

/**
 * Every id of the rule the organization does not have, each at its path. Another organization's id
 * reads as unknown, like a missing one, so existence does not leak. A deactivated user is refused
 * too: a rule would assign or notify someone who can do nothing with it.
 */
async function unknownReferences(db: Database, orgId: string, rule: AutomationDraft): Promise<RuleIssue[]> {
  const refs = referencedIds(rule);
  const known = await knownIds(db, orgId, refs);
  const userIssue = ({ path, id }: Reference): RuleIssue[] => {
    const active = known.users.get(id);
    if (active === undefined) return [{ path, message: `No user ${JSON.stringify(id)} in the organization.` }];
    return active ? [] : [{ path, message: `The user ${JSON.stringify(id)} is deactivated.` }];
  };
  const missing = (set: Set<string>, what: string) => ({ path, id }: Reference): RuleIssue[] =>
    set.has(id) ? [] : [{ path, message: `No ${what} ${JSON.stringify(id)} in the organization.` }];
  return [...refs.userIds.flatMap(userIssue), ...refs.teamIds.flatMap(missing(known.teams, "team")), ...refs.webhookIds.flatMap(missing(known.webhooks, "webhook"))];
}

/**
 * The rule in a request body as it will be stored, or a 400 `E_VALIDATION` naming each bad field
 * (the rule language is checked by `checkRuleShape`, not zod) and then each id the organization
 * does not have. The ids are checked when the rule is written only: a team deleted later leaves
 * the rule pointing nowhere, which the runner must bear anyway.
 */
export async function checkedRule(db: Database, orgId: string, body: unknown): Promise<AutomationDraft> {
  const shape = checkRuleShape(body);
  if (!shape.ok) throw ApiError.validation(shape.issues);
  const issues = await unknownReferences(db, orgId, shape.rule);
  if (issues.length > 0) throw ApiError.validation(issues, "The rule names something the organization does not have.");
  return shape.rule;
}
