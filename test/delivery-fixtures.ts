import { createExecutionContext, createMessageBatch, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, inject, vi } from "vitest";
import type { Bindings } from "../src/env";
import entry from "../src/index";
import { api, type Session } from "./helpers";

const worker: ExportedHandler<Bindings> = entry;

export const DELIVERY_QUEUE = "slaguard-deliveries";
export const DEAD_LETTER_QUEUE = "slaguard-deliveries-dlq";

export type DeliveryRecord = {
  id: string;
  channel: string;
  event: string;
  status: string;
  attempts: number;
  lastError: string | null;
  lastStatus: number | null;
  userId: string | null;
  webhookId: string | null;
  ticketId: string | null;
  nextAttemptAt: number | null;
};

/** The delivery records of a ticket (or of a webhook), oldest first, straight from D1. */
export async function deliveriesWhere(column: "ticket_id" | "webhook_id" | "org_id", value: string): Promise<DeliveryRecord[]> {
  const { results } = await env.DB.prepare(
    `SELECT id, channel, event, status, attempts, last_error AS lastError, last_status AS lastStatus, user_id AS userId,
            webhook_id AS webhookId, ticket_id AS ticketId, next_attempt_at AS nextAttemptAt
     FROM deliveries WHERE ${column} = ? ORDER BY created_at, rowid`,
  )
    .bind(value)
    .all();
  return results as DeliveryRecord[];
}

/**
 * Hands delivery ids to the Worker's real queue() handler as the queue would (message `attempts`
 * as given) and answers what the handler did with each message: acked, or retried with a delay.
 */
export async function runQueue(ids: readonly string[], options: { queue?: string; attempts?: number; env?: Partial<Bindings> } = {}) {
  const batch = createMessageBatch(
    options.queue ?? DELIVERY_QUEUE,
    ids.map((deliveryId) => ({ id: crypto.randomUUID(), timestamp: new Date(), attempts: options.attempts ?? 1, body: { deliveryId } })),
  );
  // The pool's result records that a message was retried but not its delay: watch the calls too.
  const retries: (number | undefined)[] = [];
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    vi.spyOn(message, "retry").mockImplementation((options) => {
      retries.push(options?.delaySeconds);
      retry(options);
    });
  }
  const ctx = createExecutionContext();
  await worker.queue!(batch as MessageBatch, { ...env, ...options.env }, ctx);
  const result = (await getQueueResult(batch, ctx)) as unknown as { explicitAcks: string[]; retryMessages: unknown[]; ackAll: boolean };
  expect(result.retryMessages).toHaveLength(retries.length);
  return { acked: result.ackAll ? ids.length : result.explicitAcks.length, retries };
}

/** Registers a webhook on `teamId` and answers it with its secret. */
export async function createWebhook(session: Session, teamId: string, url: string, events: string[] = ["*"]) {
  const res = await api("POST", `/api/v1/teams/${teamId}/webhooks`, { token: session.accessToken, body: { url, events } });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: string; secret: string; url: string; events: string[]; enabled: boolean };
}

/** The in-app notifications of `session`'s user, newest first, as the API shows them. */
export async function inbox(session: Session, query = "") {
  const res = await api("GET", `/api/v1/notifications${query}`, { token: session.accessToken });
  expect(res.status, res.text).toBe(200);
  return res.json.items as { id: string; type: string; ticketId: string | null; ticketKey: string | null; metric?: string; band?: string; message: string; read: boolean }[];
}

/** The Worker's SMTP settings pointed at the test's real SMTP server (test/setup/smtp-server.ts). */
export function withSmtp(): Partial<Bindings> {
  const smtp = inject("smtp");
  return { SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.plainPort), SMTP_SECURE: "none", SMTP_FROM: "slaguard <alerts@slaguard.example>" };
}

/** A request to the Worker's real fetch handler with `overrides` on its environment, background work included. */
export async function fetchWith(overrides: Partial<Bindings>, method: string, path: string, body?: unknown, token?: string) {
  const ctx = createExecutionContext();
  const headers: Record<string, string> = { ...(token && { Authorization: `Bearer ${token}` }), ...(body !== undefined && { "Content-Type": "application/json" }) };
  const init = { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) };
  const res = await worker.fetch!(new Request(`http://slaguard.test${path}`, init), { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}
