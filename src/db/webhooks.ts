import { and, eq, sql } from "drizzle-orm";
import type { PageRequest } from "../http/pagination";
import type { Database } from "./client";
import { afterCursor, keysetOrder } from "./keyset";
import { notifications, webhooks } from "./schema";
import { teamManagersOf } from "./team-managers";

export type WebhookRow = typeof webhooks.$inferSelect;
export type NewWebhook = typeof webhooks.$inferInsert;

const ofTeam = (orgId: string, teamId: string, id: string) => and(eq(webhooks.orgId, orgId), eq(webhooks.teamId, teamId), eq(webhooks.id, id));

/** A webhook of team `teamId` of `orgId`, or undefined. */
export function findWebhook(db: Database, orgId: string, teamId: string, id: string) {
  return db.query.webhooks.findFirst({ where: ofTeam(orgId, teamId, id) });
}

/** A webhook by id alone: for the delivery consumer, which holds a delivery of the organization already. */
export function webhookById(db: Database, id: string) {
  return db.query.webhooks.findFirst({ where: eq(webhooks.id, id) });
}

export function insertWebhook(db: Database, row: NewWebhook) {
  return db.insert(webhooks).values(row).returning();
}

export function updateWebhook(db: Database, orgId: string, teamId: string, id: string, patch: Partial<Omit<NewWebhook, "id" | "orgId" | "teamId">>) {
  return db.update(webhooks).set(patch).where(ofTeam(orgId, teamId, id)).returning();
}

export function deleteWebhook(db: Database, orgId: string, teamId: string, id: string) {
  return db.delete(webhooks).where(ofTeam(orgId, teamId, id)).returning({ id: webhooks.id });
}

/** One keyset page (`limit + 1` rows) of a team's webhooks, oldest first. */
export function listWebhooks(db: Database, teamId: string, page: PageRequest<"createdAt">) {
  return db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.teamId, teamId), afterCursor(webhooks.createdAt, webhooks.id, page.descending, page.cursor)))
    .orderBy(...keysetOrder(webhooks.createdAt, webhooks.id, page.descending))
    .limit(page.limit + 1);
}

/** A 2xx: the webhook works, so a run of failures (if any) ends. */
export function recordWebhookSuccess(db: Database, id: string) {
  return db.update(webhooks).set({ failingSince: null }).where(eq(webhooks.id, id));
}

/** A failure: starts the run of failures that 24 h of disables it, unless one runs already. */
export function recordWebhookFailure(db: Database, id: string, now: number) {
  return db
    .update(webhooks)
    .set({ failingSince: sql`coalesce(${webhooks.failingSince}, ${now})` })
    .where(eq(webhooks.id, id));
}

/**
 * Disables a webhook and tells its team's managers in-app (contract §6), for one batch: the notice
 * goes first and only while the webhook is still enabled, so of two consumers disabling it at once
 * the managers hear once.
 */
export function disableWebhookStatements(db: Database, id: string, reason: string, now: number) {
  const team = sql`SELECT w.org_id, w.team_id FROM webhooks w WHERE w.id = ${id} AND w.enabled = 1`;
  const notice = sql`SELECT lower(hex(randomblob(16))), w.org_id, m.user_id, 'webhook.disabled', NULL, NULL, NULL, NULL,
      'The webhook ' || w.url || ' of team ' || t.key || ' was disabled: ' || ${reason}, 0, ${now}
    FROM webhooks w JOIN teams t ON t.id = w.team_id JOIN (${teamManagersOf(team)}) m ON m.team_id = w.team_id
    WHERE w.id = ${id} AND w.enabled = 1`;
  return [
    db.insert(notifications).select(notice),
    db.update(webhooks).set({ enabled: false, disabledAt: new Date(now), disabledReason: reason, updatedAt: new Date(now) }).where(and(eq(webhooks.id, id), eq(webhooks.enabled, true))),
  ] as const;
}

/** The ids among `ids` that are webhooks of `orgId`, of any team (one JSON parameter): to check ids a request names. */
export function webhooksOfOrg(db: Database, orgId: string, ids: readonly string[]) {
  return db
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(and(eq(webhooks.orgId, orgId), sql`${webhooks.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`));
}
