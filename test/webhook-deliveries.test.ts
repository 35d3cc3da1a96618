import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { api, createUser, registerOrg, type Session } from "./helpers";
import { createWebhook, deliveriesWhere, fetchWith, inbox, runQueue } from "./delivery-fixtures";
import { runCron } from "./risk-pass-fixtures";
import { addMember, createTeam, fileTicket, type Team } from "./ticket-fixtures";
import { receivedBy, receiverUrl, scriptReceiver } from "./webhook-receiver-client";

let admin: Session, manager: Session, agent: Session;

beforeAll(async () => {
  admin = await registerOrg("Hooks Co");
  [manager, agent] = await Promise.all([createUser(admin, "manager"), createUser(admin, "agent")]);
});

/** A team of its own with the manager and the agent, and a webhook to a receiver of its own. */
async function hookedTeam(label: string, events = ["*"]) {
  const team: Team = await createTeam(admin);
  await addMember(admin, team.id, manager.user.id);
  await addMember(admin, team.id, agent.user.id);
  const name = `${label}-${crypto.randomUUID()}`;
  const webhook = await createWebhook(manager, team.id, receiverUrl(name), events);
  return { team, webhook, name };
}

/** Files a ticket in `team` (by the agent, for the admin) and answers it with its one webhook delivery. */
async function ticketWithDelivery(team: Team) {
  const ticket = await fileTicket(agent, team.id, { requesterId: admin.user.id });
  const hooks = (await deliveriesWhere("ticket_id", ticket.id)).filter((delivery) => delivery.channel === "webhook");
  expect(hooks).toHaveLength(1);
  return { ticket, delivery: hooks[0]! };
}

describe("webhook deliveries through the queue consumer", () => {
  it("retries a receiver that fails twice, succeeds once, with one webhook-id and three attempts on record", async () => {
    const { team, webhook, name } = await hookedTeam("flaky");
    await scriptReceiver(name, { statuses: [500, 503, 200] });
    const { ticket, delivery } = await ticketWithDelivery(team);
    expect(delivery).toMatchObject({ event: "ticket.created", status: "pending", attempts: 0 });

    expect(await runQueue([delivery.id], { attempts: 1 })).toEqual({ acked: 0, retries: [10] });
    expect(await runQueue([delivery.id], { attempts: 2 })).toEqual({ acked: 0, retries: [60] });
    expect(await runQueue([delivery.id], { attempts: 3 })).toEqual({ acked: 1, retries: [] });
    // A late copy of the message: the record says sent, so nothing leaves.
    expect(await runQueue([delivery.id], { attempts: 1 })).toEqual({ acked: 1, retries: [] });

    const requests = await receivedBy(name);
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((request) => request.headers["webhook-id"]))).toEqual(new Set([delivery.id]));
    const verifier = new Webhook(webhook.secret);
    for (const request of requests) {
      const body = verifier.verify(request.body, request.headers) as Record<string, any>;
      expect(body).toMatchObject({ type: "ticket.created", data: { ticket: { id: ticket.id, key: ticket.key } } });
      expect(body.text).toContain(ticket.key);
    }
    const [record] = await deliveriesWhere("webhook_id", webhook.id);
    expect(record).toMatchObject({ id: delivery.id, status: "sent", attempts: 3, lastStatus: 200, lastError: null });

    const log = await api("GET", `/api/v1/teams/${team.id}/webhooks/${webhook.id}/deliveries`, { token: manager.accessToken });
    expect(log.json.items).toMatchObject([{ id: delivery.id, channel: "webhook", event: "ticket.created", status: "sent", attempts: 3, lastStatus: 200 }]);
  });

  it("ends a delivery that always fails in the dead-letter queue as failed, with the in-app copy intact", async () => {
    const { team, name } = await hookedTeam("down");
    await scriptReceiver(name, { statuses: [502] });
    const { ticket, delivery } = await ticketWithDelivery(team);
    const delays = [];
    for (let attempt = 1; attempt <= 7; attempt += 1) delays.push(...(await runQueue([delivery.id], { attempts: attempt })).retries);
    // The schedule of contract §6; the 7th retry is past max_retries, so the queue dead-letters it.
    expect(delays).toEqual([10, 60, 300, 1800, 7200, 21600, 21600]);
    expect((await deliveriesWhere("ticket_id", ticket.id)).find((d) => d.id === delivery.id)).toMatchObject({ status: "pending", attempts: 7, lastStatus: 502 });

    expect(await runQueue([delivery.id], { queue: "slaguard-deliveries-dlq" })).toEqual({ acked: 1, retries: [] });
    const [failed] = (await deliveriesWhere("ticket_id", ticket.id)).filter((d) => d.id === delivery.id);
    expect(failed).toMatchObject({ status: "failed", attempts: 7, lastStatus: 502, nextAttemptAt: null });
    expect(failed!.lastError).toContain("502");
    expect(await receivedBy(name)).toHaveLength(7);
    // The requester (the admin) still has the in-app copy.
    expect((await inbox(admin)).filter((n) => n.ticketId === ticket.id).map((n) => n.type)).toEqual(["ticket.created"]);
  });

  it("disables the webhook on 410 Gone, tells the team's managers in-app, and sends it nothing more", async () => {
    const { team, webhook, name } = await hookedTeam("gone");
    await scriptReceiver(name, { statuses: [410] });
    const { delivery } = await ticketWithDelivery(team);
    expect(await runQueue([delivery.id])).toEqual({ acked: 1, retries: [] });

    const read = await api("GET", `/api/v1/teams/${team.id}/webhooks/${webhook.id}`, { token: manager.accessToken });
    expect(read.json).toMatchObject({ enabled: false, disabledReason: expect.stringContaining("410") });
    expect(read.json.disabledAt).toEqual(expect.any(String));
    const [record] = await deliveriesWhere("webhook_id", webhook.id);
    expect(record).toMatchObject({ status: "failed", attempts: 1, lastStatus: 410 });
    const notices = (await inbox(manager)).filter((n) => n.type === "webhook.disabled");
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message).toContain(receiverUrl(name));

    const later = await fileTicket(agent, team.id, { requesterId: admin.user.id });
    expect((await deliveriesWhere("ticket_id", later.id)).filter((delivery) => delivery.channel === "webhook")).toEqual([]);
  });

  it("disables a webhook failing for 24 hours straight and tells the managers", async () => {
    const { team, webhook, name } = await hookedTeam("stale");
    await scriptReceiver(name, { statuses: [500] });
    const { delivery } = await ticketWithDelivery(team);
    await env.DB.prepare("UPDATE webhooks SET failing_since = ? WHERE id = ?").bind(Date.now() - 25 * 3_600_000, webhook.id).run();
    expect(await runQueue([delivery.id])).toEqual({ acked: 1, retries: [] });
    const [record] = await deliveriesWhere("webhook_id", webhook.id);
    expect(record).toMatchObject({ status: "failed", lastStatus: 500 });
    const read = await api("GET", `/api/v1/teams/${team.id}/webhooks/${webhook.id}`, { token: manager.accessToken });
    expect(read.json).toMatchObject({ enabled: false, disabledReason: "failing for 24 hours" });
    expect((await inbox(manager)).filter((n) => n.type === "webhook.disabled" && n.message.includes(name))).toHaveLength(1);
  });

  it("keeps a webhook whose failures are shorter than 24 hours, and a success ends the run", async () => {
    const { team, webhook, name } = await hookedTeam("recovering");
    await scriptReceiver(name, { statuses: [500, 200] });
    const { delivery } = await ticketWithDelivery(team);
    await runQueue([delivery.id]);
    const failing = await env.DB.prepare("SELECT failing_since AS since, enabled FROM webhooks WHERE id = ?").bind(webhook.id).first();
    expect(failing).toEqual({ since: expect.any(Number), enabled: 1 });
    await runQueue([delivery.id], { attempts: 2 });
    expect(await env.DB.prepare("SELECT failing_since AS since FROM webhooks WHERE id = ?").bind(webhook.id).first()).toEqual({ since: null });
  });

  it("hands a write's deliveries to the queue once its batch has committed", async () => {
    const { team, webhook } = await hookedTeam("enqueue");
    const sent = vi.spyOn(env.DELIVERIES, "sendBatch");
    try {
      const res = await fetchWith({}, "POST", "/api/v1/tickets", { title: "Queued", priority: "P3", teamId: team.id, requesterId: admin.user.id }, agent.accessToken);
      expect(res.status).toBe(201);
      const ticket = (await res.json()) as { id: string };
      const queued = sent.mock.calls.flatMap(([messages]) => [...messages].map((m) => (m.body as { deliveryId: string }).deliveryId));
      const written = await deliveriesWhere("ticket_id", ticket.id);
      expect(written.map((d) => [d.channel, d.userId ?? d.webhookId])).toEqual(
        expect.arrayContaining([
          ["email", admin.user.id],
          ["webhook", webhook.id],
        ]),
      );
      expect(queued.sort()).toEqual(written.map((d) => d.id).sort());
    } finally {
      sent.mockRestore();
    }
  });

  it("re-sends a delivery whose queue message was lost at the cron's sweep", async () => {
    const { team, webhook, name } = await hookedTeam("lost");
    const { delivery } = await ticketWithDelivery(team);
    // The message never arrives (a local restart dropped it): the cron, well after, finds the record pending.
    const sent = vi.spyOn(env.DELIVERIES, "sendBatch");
    try {
      await runCron(Date.now() + 60_000);
      expect(sent.mock.calls.flatMap(([messages]) => [...messages].map((m) => (m.body as { deliveryId: string }).deliveryId))).not.toContain(delivery.id);
      await runCron(Date.now() + 10 * 60_000);
      const requeued = sent.mock.calls.flatMap(([messages]) => [...messages].map((m) => (m.body as { deliveryId: string }).deliveryId));
      expect(requeued.filter((id) => id === delivery.id)).toHaveLength(1);
      expect(await runQueue(requeued.filter((id) => id === delivery.id))).toEqual({ acked: 1, retries: [] });
    } finally {
      sent.mockRestore();
    }
    expect(await receivedBy(name)).toHaveLength(1);
    expect((await deliveriesWhere("webhook_id", webhook.id))[0]).toMatchObject({ status: "sent", attempts: 1 });
  });
});
