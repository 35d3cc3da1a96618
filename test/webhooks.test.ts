import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import { api, createUser, expectError, registerOrg, type Session } from "./helpers";
import { createWebhook, deliveriesWhere, runQueue } from "./delivery-fixtures";
import { addMember, createTeam, fileTicket, type Team } from "./ticket-fixtures";
import { receivedBy, receiverUrl, scriptReceiver } from "./webhook-receiver-client";

let admin: Session, manager: Session, agent: Session, foreign: Session;
let team: Team;

beforeAll(async () => {
  admin = await registerOrg("Webhook Admin Co");
  [manager, agent] = await Promise.all([createUser(admin, "manager"), createUser(admin, "agent")]);
  team = await createTeam(admin);
  await addMember(admin, team.id, agent.user.id);
  foreign = await registerOrg("Other Co");
});

const hooks = (teamId = team.id) => `/api/v1/teams/${teamId}/webhooks`;

describe("team webhooks", () => {
  it("creates a webhook with a generated secret shown once, and sends nothing on creation", async () => {
    const name = `create-${crypto.randomUUID()}`;
    const created = await createWebhook(manager, team.id, receiverUrl(name), ["sla.breached", "ticket.created"]);
    expect(created).toMatchObject({ url: receiverUrl(name), events: ["sla.breached", "ticket.created"], enabled: true, teamId: team.id });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(atob(created.secret.slice(6)).length).toBeGreaterThanOrEqual(24);

    const read = await api("GET", `${hooks()}/${created.id}`, { token: admin.accessToken });
    expect(read.status).toBe(200);
    expect(read.json).not.toHaveProperty("secret");
    expect(read.text).not.toContain(created.secret.slice(6));
    const list = await api("GET", hooks(), { token: manager.accessToken });
    expect(list.text).not.toContain(created.secret.slice(6));
    expect(list.json.items.map((hook: { id: string }) => hook.id)).toContain(created.id);
    expect(await deliveriesWhere("webhook_id", created.id)).toEqual([]);
    expect(await receivedBy(name)).toEqual([]);
  });

  it("keeps a secret given by the client and refuses a malformed one", async () => {
    const secret = `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))}`;
    const res = await api("POST", hooks(), { token: manager.accessToken, body: { url: "https://hooks.example.com/a", events: ["*"], secret } });
    expect(res.status, res.text).toBe(201);
    expect(res.json.secret).toBe(secret);
    const bad = await api("POST", hooks(), { token: manager.accessToken, body: { url: "https://hooks.example.com/a", events: ["*"], secret: "whsec_short" } });
    expect(expectError(bad, 400, "E_VALIDATION").details.issues?.[0]?.path).toBe("secret");
  });

  it.each([
    ["plain http", "http://hooks.example.com/x"],
    ["an IPv4 literal", "https://10.0.0.7/x"],
    ["a decimal IPv4", "https://2130706433/x"],
    ["an IPv6 literal", "https://[::1]/x"],
    ["credentials", "https://user:pass@hooks.example.com/x"],
    ["localhost over https", "https://localhost/x"],
    ["a .localhost name", "https://app.localhost/x"],
    ["a .local name", "https://printer.local/x"],
    ["a .internal name", "https://api.internal/x"],
    ["a single-label name", "https://intranet/x"],
    ["another loopback spelling", "http://127.1:8080/x"],
    ["not a URL", "hooks example"],
  ])("refuses %s with a 400 naming url", async (_label, url) => {
    const res = await api("POST", hooks(), { token: manager.accessToken, body: { url, events: ["*"] } });
    expect(expectError(res, 400, "E_VALIDATION").details.issues).toEqual([{ path: "url", message: expect.any(String) }]);
  });

  it("refuses unknown events and empty lists by field", async () => {
    const res = await api("POST", hooks(), { token: manager.accessToken, body: { url: "https://hooks.example.com/x", events: ["ticket.exploded"] } });
    expect(expectError(res, 400, "E_VALIDATION").details.issues?.[0]?.path).toBe("events.0");
    const empty = await api("POST", hooks(), { token: manager.accessToken, body: { url: "https://hooks.example.com/x", events: [] } });
    expect(expectError(empty, 400, "E_VALIDATION").details.issues?.[0]?.path).toBe("events");
  });

  it("lets managers and admins only, and hides other organizations' teams", async () => {
    expectError(await api("GET", hooks(), { token: agent.accessToken }), 403, "E_FORBIDDEN");
    expectError(await api("POST", hooks(), { token: agent.accessToken, body: { url: "https://hooks.example.com/x", events: ["*"] } }), 403, "E_FORBIDDEN");
    expectError(await api("GET", hooks(), { token: foreign.accessToken }), 404, "E_NOT_FOUND");
    const created = await createWebhook(manager, team.id, "https://hooks.example.com/private");
    expectError(await api("GET", `${hooks()}/${created.id}`, { token: foreign.accessToken }), 404, "E_NOT_FOUND");
    expectError(await api("DELETE", `${hooks()}/${created.id}`, { token: foreign.accessToken }), 404, "E_NOT_FOUND");
  });

  it("edits, disables, enables and deletes a webhook", async () => {
    const created = await createWebhook(manager, team.id, "https://hooks.example.com/edit");
    const disabled = await api("PATCH", `${hooks()}/${created.id}`, { token: manager.accessToken, body: { enabled: false, events: ["sla.breached"] } });
    expect(disabled.json).toMatchObject({ enabled: false, events: ["sla.breached"], disabledReason: "disabled by a person" });
    // A disabled webhook gets no deliveries.
    const ticket = await fileTicket(agent, team.id);
    expect((await deliveriesWhere("ticket_id", ticket.id)).filter((d) => d.webhookId === created.id)).toEqual([]);
    const enabled = await api("PATCH", `${hooks()}/${created.id}`, { token: manager.accessToken, body: { enabled: true } });
    expect(enabled.json).toMatchObject({ enabled: true, disabledAt: null, disabledReason: null });
    const badUrl = await api("PATCH", `${hooks()}/${created.id}`, { token: manager.accessToken, body: { url: "ftp://hooks.example.com" } });
    expectError(badUrl, 400, "E_VALIDATION");
    const unknown = await api("PATCH", `${hooks()}/${created.id}`, { token: manager.accessToken, body: { secret: "x" } });
    expectError(unknown, 400, "E_VALIDATION");
    expect((await api("DELETE", `${hooks()}/${created.id}`, { token: manager.accessToken })).status).toBe(204);
    expectError(await api("GET", `${hooks()}/${created.id}`, { token: manager.accessToken }), 404, "E_NOT_FOUND");
  });

  it("sends a signed webhook.test on request, and redelivers a delivery as a new one", async () => {
    const name = `test-${crypto.randomUUID()}`;
    const created = await createWebhook(manager, team.id, receiverUrl(name), ["ticket.created"]);
    const test = await api("POST", `${hooks()}/${created.id}/test`, { token: manager.accessToken });
    expect(test.status, test.text).toBe(202);
    expect(test.json).toMatchObject({ channel: "webhook", event: "webhook.test", status: "pending", attempts: 0, webhookId: created.id });
    expect(await runQueue([test.json.id])).toEqual({ acked: 1, retries: [] });
    const [ping] = await receivedBy(name);
    expect(new Webhook(created.secret).verify(ping!.body, ping!.headers)).toMatchObject({ type: "webhook.test" });
    expect(ping!.headers["webhook-id"]).toBe(test.json.id);

    await scriptReceiver(name, { statuses: [200] });
    const again = await api("POST", `${hooks()}/${created.id}/deliveries/${test.json.id}/redeliver`, { token: manager.accessToken });
    expect(again.status, again.text).toBe(202);
    expect(again.json.id).not.toBe(test.json.id);
    await runQueue([again.json.id]);
    const requests = await receivedBy(name);
    expect(requests.map((request) => request.headers["webhook-id"])).toEqual([test.json.id, again.json.id]);

    const log = await api("GET", `${hooks()}/${created.id}/deliveries`, { token: admin.accessToken });
    expect(log.json.items.map((d: { id: string; status: string }) => [d.id, d.status])).toEqual([
      [again.json.id, "sent"],
      [test.json.id, "sent"],
    ]);
    expectError(await api("POST", `${hooks()}/${created.id}/deliveries/${crypto.randomUUID()}/redeliver`, { token: manager.accessToken }), 404, "E_NOT_FOUND");
  });
});
