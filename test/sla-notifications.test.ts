import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, registerOrg, type Session } from "./helpers";
import { createWebhook, deliveriesWhere, inbox, runQueue, withSmtp } from "./delivery-fixtures";
import { roomOf } from "./live-helpers";
import { parseMail, receivedMail } from "./mail-helpers";
import { MINUTE, runCron, setMetric } from "./risk-pass-fixtures";
import { addMember, createTeam, fileTicket } from "./ticket-fixtures";
import { receivedBy, receiverUrl } from "./webhook-receiver-client";

let admin: Session, manager: Session, agent: Session;

beforeAll(async () => {
  admin = await registerOrg("Breach Co");
  [manager, agent] = await Promise.all([createUser(admin, "manager", "Mia Manager"), createUser(admin, "agent")]);
});

describe("an SLA breach raised by the risk pass", () => {
  it("reaches the manager in-app, by email and by webhook exactly once each, however often the pass and the room run", async () => {
    const team = await createTeam(admin);
    await addMember(admin, team.id, manager.user.id);
    await addMember(admin, team.id, agent.user.id);
    const name = `breach-${crypto.randomUUID()}`;
    const webhook = await createWebhook(manager, team.id, receiverUrl(name), ["sla.breached"]);
    const ticket = await fileTicket(agent, team.id, { title: "<img src=x onerror=alert(1)> payroll down" });
    const now = Date.now();
    // As if time had passed: the resolution clock breached a minute ago, nothing else is due.
    await setMetric(ticket.id, { breached: now - MINUTE });
    await env.DB.prepare("DELETE FROM sla_metrics WHERE ticket_id = ? AND metric = 'response'").bind(ticket.id).run();

    // The room's alarm and the cron both run, the cron twice.
    await runDurableObjectAlarm(roomOf(team));
    await runCron(now);
    await runCron(now + 5 * MINUTE);

    const breaches = (await inbox(manager)).filter((n) => n.ticketId === ticket.id && n.type === "sla.breached");
    expect(breaches).toMatchObject([{ ticketKey: ticket.key, metric: "resolution", band: "breached" }]);
    expect(breaches[0]!.message).toContain(`${ticket.key}: resolution is breached`);
    const deliveries = (await deliveriesWhere("ticket_id", ticket.id)).filter((d) => d.event === "sla.breached");
    expect(deliveries.map((d) => [d.channel, d.userId ?? d.webhookId])).toEqual([
      ["email", manager.user.id],
      ["webhook", webhook.id],
    ]);

    // Both messages of each delivery, twice over (a duplicate queue message): one send each.
    const ids = deliveries.map((d) => d.id);
    expect(await runQueue(ids, { env: withSmtp() })).toEqual({ acked: 2, retries: [] });
    expect(await runQueue(ids, { env: withSmtp() })).toEqual({ acked: 2, retries: [] });

    const mails = await receivedMail(manager.user.email);
    expect(mails).toHaveLength(1);
    const mail = parseMail(mails[0]!.raw);
    expect(mail.headers.get("subject")).toContain(ticket.key);
    const html = mail.parts.find((part) => part.contentType === "text/html")!.body;
    const text = mail.parts.find((part) => part.contentType === "text/plain")!.body;
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toContain("<img src=x");
    expect(text).toContain(`/tickets/${ticket.key}`);

    const [hook, ...more] = await receivedBy(name);
    expect(more).toEqual([]);
    expect(new Webhook(webhook.secret).verify(hook!.body, hook!.headers)).toMatchObject({
      type: "sla.breached",
      data: { ticket: { id: ticket.id }, metric: "resolution", band: "breached" },
    });
    expect((await deliveriesWhere("ticket_id", ticket.id)).filter((d) => d.event === "sla.breached").map((d) => [d.status, d.attempts])).toEqual([
      ["sent", 1],
      ["sent", 1],
    ]);
  });

  it("tells the assignee too, and follows each person's preferences", async () => {
    const team = await createTeam(admin);
    await addMember(admin, team.id, manager.user.id);
    await addMember(admin, team.id, agent.user.id);
    const ticket = await fileTicket(manager, team.id, { assigneeId: agent.user.id });
    await env.DB.prepare("INSERT INTO notification_preferences (user_id, event, in_app, email, updated_at) VALUES (?, 'sla.warning', 0, 0, 0)").bind(agent.user.id).run();
    const now = Date.now();
    await setMetric(ticket.id, { warning: now - MINUTE, breached: now - 1_000 });
    await env.DB.prepare("DELETE FROM sla_metrics WHERE ticket_id = ? AND metric = 'response'").bind(ticket.id).run();
    await runCron(now);

    expect((await inbox(agent)).filter((n) => n.ticketId === ticket.id && n.type.startsWith("sla.")).map((n) => n.type)).toEqual(["sla.breached"]);
    // One pass raised both at one instant: their order in the inbox is not the point.
    expect((await inbox(manager)).filter((n) => n.ticketId === ticket.id).map((n) => n.type).sort()).toEqual(["sla.breached", "sla.warning"]);
    const emails = (await deliveriesWhere("ticket_id", ticket.id)).filter((d) => d.channel === "email" && d.event.startsWith("sla.")).map((d) => [d.event, d.userId]);
    expect(emails).toEqual(
      expect.arrayContaining([
        ["sla.warning", manager.user.id],
        ["sla.breached", manager.user.id],
        ["sla.breached", agent.user.id],
      ]),
    );
    expect(emails).toHaveLength(3);
  });
});
