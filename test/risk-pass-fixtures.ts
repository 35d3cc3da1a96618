import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import type { Bindings } from "../src/env";
import entry from "../src/index";

// As the runtime sees the entry: a handler may take the execution context even if it ignores it today.
const worker: ExportedHandler<Bindings> = entry;

export const MINUTE = 60_000;

/** The crossing instants of one metric; a missing band never crosses. */
export type Crossings = { warning?: number; highRisk?: number; dueSoon?: number; breached?: number };

type MetricState = { metric?: "response" | "resolution"; metAt?: number; pausedSince?: number; nextCrossingAt?: number | null };

/**
 * Writes a ticket's metric row directly, with the instants a test chooses, replacing whatever the
 * ticket writes stored (metric creation is wired into ticket writes separately): the pass is tested
 * on its own contract, the rows it reads. The next crossing is the earliest instant unless given.
 */
export async function setMetric(ticketId: string, crossings: Crossings, state: MetricState = {}) {
  const metric = state.metric ?? "resolution";
  const instants = [crossings.warning, crossings.highRisk, crossings.dueSoon, crossings.breached].filter((at): at is number => at !== undefined);
  const next = state.nextCrossingAt !== undefined ? state.nextCrossingAt : instants.length > 0 ? Math.min(...instants) : null;
  const started = instants.length > 0 ? Math.min(...instants) - 120 * MINUTE : 0;
  await env.DB.batch([
    env.DB.prepare("DELETE FROM sla_metrics WHERE ticket_id = ? AND metric = ?").bind(ticketId, metric),
    env.DB.prepare(
      `INSERT INTO sla_metrics (ticket_id, metric, org_id, team_id, target_minutes, due_soon_minutes, started_at, paused_since, met_at,
         due_at, warning_at, high_risk_at, due_soon_at, breached_at, next_crossing_at)
       SELECT id, ?, org_id, team_id, 240, 60, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM tickets WHERE id = ?`,
    ).bind(
      metric,
      started,
      state.pausedSince ?? null,
      state.metAt ?? null,
      crossings.breached ?? null,
      crossings.warning ?? null,
      crossings.highRisk ?? null,
      crossings.dueSoon ?? null,
      crossings.breached ?? null,
      next,
      ticketId,
    ),
  ]);
}

/** Only the test's own rows: drops any metric rows the ticket writes made for the file's tickets. */
export async function clearSla() {
  await env.DB.batch(["sla_metrics", "sla_events", "notifications"].map((table) => env.DB.prepare(`DELETE FROM ${table}`)));
}

/** Runs the Worker's real `scheduled()` handler as the cron would at `at`. */
export async function runCron(at: number) {
  const ctx = createExecutionContext();
  await worker.scheduled!(createScheduledController({ scheduledTime: new Date(at), cron: "*/5 * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

/** `runCron`, returning the pass's structured log line (its summary and rows read). */
export async function cronAt(at: number): Promise<Record<string, any>> {
  const info = vi.spyOn(console, "info").mockImplementation(() => {});
  try {
    await runCron(at);
    const lines = info.mock.calls.map(([line]) => JSON.parse(String(line))).filter((line) => line.event === "sla_risk_pass");
    return lines.at(-1);
  } finally {
    info.mockRestore();
  }
}

export async function eventsOf(ticketId: string) {
  const { results } = await env.DB.prepare("SELECT metric, band, at, recorded_at AS recordedAt FROM sla_events WHERE ticket_id = ? ORDER BY seq").bind(ticketId).all();
  return results as { metric: string; band: string; at: number; recordedAt: number }[];
}

export async function slaHistoryOf(ticketId: string) {
  const { results } = await env.DB.prepare("SELECT at, actor_id AS actorId, action, to_value AS toValue FROM ticket_history WHERE ticket_id = ? AND action LIKE 'sla.%' ORDER BY seq")
    .bind(ticketId)
    .all();
  return (results as { at: number; actorId: string | null; action: string; toValue: string }[]).map((row) => ({ ...row, to: JSON.parse(row.toValue) }));
}

/** A ticket's SLA notifications (not the escalations they may have triggered), in the order written. */
export async function notificationsOf(ticketId: string) {
  const { results } = await env.DB.prepare("SELECT user_id AS userId, org_id AS orgId, type, ticket_key AS ticketKey, metric, band, message, created_at AS createdAt FROM notifications WHERE ticket_id = ? AND type LIKE 'sla.%' ORDER BY rowid")
    .bind(ticketId)
    .all();
  return results as { userId: string; orgId: string; type: string; ticketKey: string; metric: string; band: string; message: string; createdAt: number }[];
}
