/**
 * The two organizations of the sweep, seeded through the API: A, whose people send every request,
 * and B, whose objects A must never see or change. Every text of B carries the marker `zqbeta`, so a
 * leak shows up in any answer as that word (or as one of B's ids).
 */
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { signAccessToken } from "../../src/auth/access-token";
import { api, PASSWORD, uniqueEmail } from "../helpers";
import type { Caller } from "./request-arbitrary";
import type { IdPools } from "./schema-arbitrary";

export const MARKER = "zqbeta";
type Person = { id: string; role: "admin" | "manager" | "agent" | "requester" };
export type Tenant = { orgId: string; people: Person[]; ids: Record<string, string[]> };

async function ok(res: Promise<Awaited<ReturnType<typeof api>>>, status: number) {
  const answer = await res;
  expect(answer.status, answer.text).toBe(status);
  return answer.json;
}

/** An organization with one person per role, two teams and a little of everything the API keeps. */
async function seedTenant(label: string, key: string): Promise<Tenant> {
  const registered = await ok(api("POST", "/api/v1/auth/register", { body: { email: uniqueEmail(`${label}-admin`), password: PASSWORD, name: `${label} admin`, organization: `${label} org` } }), 201);
  const token = registered.accessToken as string;
  const as = (body: unknown) => ({ token, body });
  const people: Person[] = [{ id: registered.user.id, role: "admin" }];
  const emails = [registered.user.email as string];
  for (const role of ["manager", "agent", "requester"] as const) {
    const user = await ok(api("POST", "/api/v1/users", as({ email: uniqueEmail(`${label}-${role}`), name: `${label} ${role}`, password: PASSWORD, role })), 201);
    people.push({ id: user.id, role });
    emails.push(user.email);
  }
  const [, manager, agent, requester] = people.map((p) => p.id);
  const teams: string[] = [];
  for (const [name, teamKey] of [[`${label} ops`, key], [`${label} desk`, `${key}D`]]) teams.push((await ok(api("POST", "/api/v1/teams", as({ name, key: teamKey })), 201)).id);
  for (const userId of [agent, manager]) await ok(api("PUT", `/api/v1/teams/${teams[0]}/members/${userId}`, as({ skills: [`${label}-cat`], available: true })), 200);
  const calendar = await ok(api("POST", "/api/v1/calendars", as({ name: `${label} hours`, timezone: "Europe/Berlin", hours: { mon: [["09:00", "17:00"]] }, holidays: ["2026-12-25"] })), 201);
  await ok(api("POST", "/api/v1/sla/policies", as({ name: `${label} policy`, priority: "P4", category: `${label}-cat`, responseMinutes: 600, resolutionMinutes: 6000, calendarId: calendar.id })), 201);
  await ok(api("PUT", `/api/v1/teams/${teams[0]}/escalation-policy`, as({ levels: [{ role: "manager", ackTimeoutMinutes: 600 }] })), 200);
  // P3 and P4 only: no SLA band is crossed while the sweep runs, so no alarm writes to B meanwhile.
  const tickets: string[] = [];
  for (const [i, teamId] of [teams[0], teams[0], teams[1], teams[0]].entries()) {
    const body = { title: `${label} ticket ${i}`, description: `${label} text`, priority: i % 2 ? "P3" : "P4", teamId, category: `${label}-cat`, customer: `${label}-customer`, tags: [label], requesterId: requester, assigneeId: i === 0 ? agent : undefined };
    tickets.push((await ok(api("POST", "/api/v1/tickets", as(body)), 201)).id);
  }
  for (const isPublic of [true, false]) await ok(api("POST", `/api/v1/tickets/${tickets[0]}/comments`, as({ body: `${label} comment`, public: isPublic })), 201);
  await ok(api("POST", `/api/v1/tickets/${tickets[0]}/attachments`, { token, body: `${label} file`, headers: { "Content-Type": "text/plain", "X-Filename": `${label}.txt` } }), 201);
  await ok(api("POST", `/api/v1/tickets/${tickets[1]}/escalate`, as({ reason: `${label} escalation` })), 200);
  await ok(api("POST", "/api/v1/automations", as({ name: `${label} rule`, on: "ticket.created", if: { all: [{ field: "priority", op: "eq", value: "P1" }] }, then: [{ action: "add_tag", tag: label }] })), 201);
  const webhook = await ok(api("POST", `/api/v1/teams/${teams[0]}/webhooks`, as({ url: `https://${label}.example.com/hook`, events: ["*"] })), 201);
  await ok(api("POST", `/api/v1/teams/${teams[0]}/webhooks/${webhook.id}/test`, { token }), 202);
  const orgId = registered.user.orgId as string;
  // Secrets a client of A may hold, under their field names: sign-in, password change and refresh get past their first check.
  const secrets = { email: emails, password: [PASSWORD], currentPassword: [PASSWORD], refreshToken: [registered.refreshToken as string] };
  return { orgId, people, ids: { ...(await idsOf(orgId)), ...secrets } };
}

const KINDS = ["teams", "users", "tickets", "sla_calendars", "sla_policies", "automations", "webhooks", "deliveries", "notifications", "attachments", "escalations"];

/** The organization's ids by kind, read from D1, with ticket keys among the tickets (paths take either). */
async function idsOf(orgId: string): Promise<Record<string, string[]>> {
  const ids: Record<string, string[]> = { organizations: [orgId] };
  for (const kind of KINDS) {
    const { results } = await env.DB.prepare(`SELECT id FROM ${kind} WHERE org_id = ? ORDER BY id`).bind(orgId).all<{ id: string }>();
    ids[kind] = results.map((row) => row.id);
  }
  const keys = await env.DB.prepare("SELECT key FROM tickets WHERE org_id = ? ORDER BY key").bind(orgId).all<{ key: string }>();
  ids.tickets!.push(...keys.results.map((row) => row.key));
  return ids;
}

export async function seedTenants(): Promise<{ a: Tenant; b: Tenant; pools: IdPools }> {
  const a = await seedTenant("alpha", "ALP");
  const b = await seedTenant(MARKER, "ZQB");
  return { a, b, pools: { own: a.ids, foreign: b.ids } };
}

/**
 * A's people, each with a fresh 15-minute token (minted per operation, so a long sweep never
 * expires), plus nobody and a forgery. The fuzz may have changed a person's role or deactivated
 * them: they are put back first, so that every operation is tried by every role.
 */
export async function callersOf(tenant: Tenant): Promise<Caller[]> {
  const now = new Date();
  const restore = env.DB.prepare("UPDATE users SET role = ?, active = 1, failed_logins = 0, locked_until = NULL WHERE id = ?");
  await env.DB.batch(tenant.people.map((person) => restore.bind(person.role, person.id)));
  const weights = { admin: 10, manager: 3, agent: 3, requester: 2 };
  const callers: Caller[] = [];
  for (const person of tenant.people) {
    const token = await signAccessToken({ userId: person.id, orgId: tenant.orgId, role: person.role }, env.JWT_SECRET!, now);
    callers.push({ label: person.role, authorization: `Bearer ${token}`, weight: weights[person.role] });
  }
  callers.push({ label: "nobody", weight: 2 }, { label: "forged", authorization: "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", weight: 1 });
  return callers;
}
