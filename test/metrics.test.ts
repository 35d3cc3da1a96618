import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import parsePrometheusTextFormat, { type ParsedFamily } from "parse-prometheus-text-format";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { fetchWith } from "./delivery-fixtures";
import { api, expectError, registerOrg } from "./helpers";
import { roomOf } from "./live-helpers";
import { MINUTE, setMetric, type Crossings } from "./risk-pass-fixtures";
import { createTeam, fileTicket, moveThrough } from "./ticket-fixtures";

const TOKEN = "metrics-test-token-0123456789";
const NOW = Date.UTC(2031, 5, 16, 12, 0);
const H = 60 * MINUTE;
const D = 24 * H;
const at = (offset: number) => NOW + offset;

type Clock = Crossings & { metAt?: number; pausedSince?: number };
type Event = [metric: "response" | "resolution", band: "warning" | "high_risk" | "due_soon" | "breached", at: number];
type Spec = { team: TeamName; priority: string; status?: string; resolution?: Clock; response?: Clock; events?: Event[]; escalations?: number };
type TeamName = "aOps" | "aDesk" | "bOps";

// Every row the scrape counts, by ticket; the expected figures below are worked out from it by hand.
const SPECS: Spec[] = [
  // Breached an hour ago; its response was met, but late: not in time, and its breach counts.
  { team: "aOps", priority: "P1", resolution: { warning: at(-3 * H), highRisk: at(-2 * H), dueSoon: at(-90 * MINUTE), breached: at(-H) }, response: { breached: at(-5 * H), metAt: at(-4 * H) },
    events: [["resolution", "warning", at(-3 * H)], ["resolution", "high_risk", at(-2 * H)], ["resolution", "due_soon", at(-90 * MINUTE)], ["resolution", "breached", at(-H)], ["response", "breached", at(-5 * H)]], escalations: 2 },
  { team: "aOps", priority: "P1", resolution: { warning: at(-H), highRisk: at(H), breached: at(2 * H) }, response: { breached: at(H), metAt: at(-30 * MINUTE) }, events: [["resolution", "warning", at(-H)]] },
  // Breached 40 days ago: counted by the counter, outside the compliance window.
  { team: "aOps", priority: "P1", resolution: { breached: at(-40 * D) }, events: [["resolution", "breached", at(-40 * D)]], escalations: 1 },
  // Safe; its response was met in time 31 days ago, outside the window.
  { team: "aOps", priority: "P2", resolution: { warning: at(H), highRisk: at(2 * H), breached: at(3 * H) }, response: { breached: at(-30 * D), metAt: at(-31 * D) } },
  { team: "aOps", priority: "P2" }, // No clock: risk "none".
  { team: "aOps", priority: "P3", status: "resolved", resolution: { breached: at(0), metAt: at(-D) }, response: { breached: at(-D), metAt: at(-2 * D) } },
  // Met late 29 days ago, its breach an hour before that: in the window now, out of it a day later.
  { team: "aOps", priority: "P4", status: "resolved", resolution: { breached: at(-29 * D - H), metAt: at(-29 * D) }, events: [["resolution", "breached", at(-29 * D - H)]] },
  { team: "aDesk", priority: "P4", resolution: { warning: at(-3 * H), highRisk: at(-H), breached: at(H) }, events: [["resolution", "warning", at(-3 * H)], ["resolution", "high_risk", at(-H)]] },
  { team: "aDesk", priority: "P4", status: "closed", resolution: { breached: at(-2 * D), metAt: at(-3 * D) } },
  // Paused after its warning: judged where it stopped, so still a warning though the breach instant has passed.
  { team: "aDesk", priority: "P2", status: "pending", resolution: { warning: at(-5 * H), highRisk: at(-4 * H), breached: at(-2 * H), pausedSince: at(-4.5 * H) }, events: [["resolution", "warning", at(-5 * H)]] },
  { team: "bOps", priority: "P1", status: "in_progress", resolution: { warning: at(-2 * H), breached: at(-H) }, events: [["resolution", "warning", at(-2 * H)], ["resolution", "breached", at(-H)]], escalations: 1 },
  // Met after its breach instant, but paused before it: met in time.
  { team: "bOps", priority: "P3", status: "resolved", resolution: { breached: at(-5 * H), pausedSince: at(-10 * H), metAt: at(-H) } },
  { team: "bOps", priority: "P3", resolution: { warning: at(D) }, response: { breached: at(H), metAt: at(-H) } },
];

const DELIVERIES = [["email", "sent"], ["email", "sent"], ["email", "failed"], ["webhook", "pending"], ["webhook", "sent"]] as const;

const teamNames = new Map<string, TeamName>();

beforeAll(async () => {
  const [orgA, orgB] = [await registerOrg("Metrics A"), await registerOrg("Metrics B")];
  // The same key in both organizations: the `team` label must still tell the teams apart.
  const teams = { aOps: await createTeam(orgA, "OPS"), aDesk: await createTeam(orgA, "DESK"), bOps: await createTeam(orgB, "OPS") };
  for (const [name, team] of Object.entries(teams)) teamNames.set(team.id, name as TeamName);
  const tickets = [];
  for (const spec of SPECS) {
    const admin = spec.team === "bOps" ? orgB : orgA;
    const ticket = await fileTicket(admin, teams[spec.team].id, { priority: spec.priority });
    if (spec.status) await moveThrough(admin, ticket.id, [spec.status]);
    tickets.push(ticket.id);
  }
  // A new ticket's due-soon crossing may be due at once, and its team room's alarm then runs the
  // team's risk pass: run those alarms now, so that no pass lands after the slate is cleared.
  for (const team of Object.values(teams)) await runDurableObjectAlarm(roomOf(team));
  // Only the rows of SPECS: drop whatever the API wrote along the way (clocks, events, deliveries).
  await env.DB.batch(["sla_metrics", "sla_events", "escalations", "deliveries"].map((table) => env.DB.prepare(`DELETE FROM ${table}`)));
  const rows: D1PreparedStatement[] = [];
  for (const [i, spec] of SPECS.entries()) {
    const id = tickets[i]!;
    for (const metric of ["resolution", "response"] as const) {
      const { metAt, pausedSince, ...crossings } = spec[metric] ?? {};
      if (spec[metric]) await setMetric(id, crossings, { metric, metAt, pausedSince, nextCrossingAt: null });
    }
    for (const [metric, band, when] of spec.events ?? []) {
      rows.push(env.DB.prepare("INSERT INTO sla_events (ticket_id, org_id, team_id, metric, band, at, recorded_at, pass_id) SELECT id, org_id, team_id, ?1, ?2, ?3, ?3, 'metrics-test' FROM tickets WHERE id = ?4").bind(metric, band, when, id));
    }
    for (let level = 1; level <= (spec.escalations ?? 0); level++) {
      rows.push(env.DB.prepare("INSERT INTO escalations (id, org_id, team_id, ticket_id, level, reason, trigger, created_at) SELECT ?1, org_id, team_id, id, ?2, 'breached', 'sla', ?3 FROM tickets WHERE id = ?4").bind(crypto.randomUUID(), level, NOW, id));
    }
  }
  for (const [i, [channel, status]] of DELIVERIES.entries()) {
    const org = i % 2 === 0 ? orgA : orgB;
    rows.push(env.DB.prepare("INSERT INTO deliveries (id, org_id, batch_id, channel, event, payload, status, created_at) VALUES (?1, ?2, 'metrics-test', ?3, 'sla.breached', '{}', ?4, ?5)").bind(crypto.randomUUID(), org.user.orgId, channel, status, NOW));
  }
  await env.DB.batch(rows);
});

afterEach(() => {
  vi.useRealTimers();
});

/** `GET /metrics` through the Worker's real fetch handler, with METRICS_TOKEN set to `configured`. */
async function scrape(configured: string, authorization?: string, instant = NOW) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(instant);
  const res = await fetchWith({ METRICS_TOKEN: configured }, "GET", "/metrics", undefined, authorization);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: res.headers.get("Content-Type")?.includes("json") ? JSON.parse(text) : undefined };
}

/** One family's samples as `{"<label values, team by name>": value}`, checking the label names on the way. */
function valuesOf(families: ParsedFamily[], name: string, labelNames: string[]) {
  const family = families.find((candidate) => candidate.name === name)!;
  return Object.fromEntries(
    family.metrics.map((sample) => {
      expect(Object.keys(sample.labels ?? {})).toEqual(labelNames);
      const key = Object.entries(sample.labels!).map(([label, value]) => (label === "team" ? teamNames.get(value) : value));
      return [key.join(" "), Number(sample.value)];
    }),
  );
}

describe("GET /metrics", () => {
  it("counts every organization's tickets, clocks, crossings, escalations and deliveries, as worked out by hand", async () => {
    const res = await scrape(TOKEN, TOKEN);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const families = parsePrometheusTextFormat(res.text);
    expect(families.map((family) => [family.name, family.type, family.help.length > 0])).toEqual([
      ["slaguard_open_tickets", "GAUGE", true],
      ["slaguard_sla_compliance_ratio", "GAUGE", true],
      ["slaguard_sla_events_total", "COUNTER", true],
      ["slaguard_escalations_total", "COUNTER", true],
      ["slaguard_notification_deliveries_total", "COUNTER", true],
    ]);
    expect(valuesOf(families, "slaguard_open_tickets", ["team", "priority", "risk"])).toEqual({
      "aOps P1 breached": 2, "aOps P1 warning": 1, "aOps P2 safe": 1, "aOps P2 none": 1,
      "aDesk P4 high_risk": 1, "aDesk P2 warning": 1, "bOps P1 breached": 1, "bOps P3 safe": 1,
    });
    // aDesk's response clock completed nothing in 30 days: no sample at all, rather than a made-up value.
    expect(valuesOf(families, "slaguard_sla_compliance_ratio", ["team", "metric"])).toEqual({
      "aOps response": 2 / 3, "aOps resolution": 1 / 3, "aDesk resolution": 1, "bOps response": 1, "bOps resolution": 0.5,
    });
    expect(valuesOf(families, "slaguard_sla_events_total", ["team", "band"])).toEqual({
      "aOps warning": 2, "aOps high_risk": 1, "aOps due_soon": 1, "aOps breached": 4, "aDesk warning": 2, "aDesk high_risk": 1, "bOps warning": 1, "bOps breached": 1,
    });
    expect(valuesOf(families, "slaguard_escalations_total", ["team"])).toEqual({ aOps: 3, bOps: 1 });
    expect(valuesOf(families, "slaguard_notification_deliveries_total", ["channel", "status"])).toEqual({ "email sent": 2, "email failed": 1, "webhook pending": 1, "webhook sent": 1 });
  });

  it("judges risk and the 30-day window at the instant of the scrape", async () => {
    const families = parsePrometheusTextFormat((await scrape(TOKEN, TOKEN, at(D))).text);
    expect(valuesOf(families, "slaguard_open_tickets", ["team", "priority", "risk"])).toEqual({
      "aOps P1 breached": 3, "aOps P2 breached": 1, "aOps P2 none": 1, "aDesk P4 breached": 1, "aDesk P2 warning": 1, "bOps P1 breached": 1, "bOps P3 warning": 1,
    });
    // The breach of 29 days and an hour ago has left the window.
    expect(valuesOf(families, "slaguard_sla_compliance_ratio", ["team", "metric"])).toMatchObject({ "aOps resolution": 0.5, "aOps response": 2 / 3 });
  });

  it("refuses a missing or wrong token with 401", async () => {
    for (const authorization of [undefined, "wrong", `${TOKEN}x`, TOKEN.slice(0, -1)]) {
      const res = await scrape(TOKEN, authorization);
      expectError(res, 401, "E_UNAUTHORIZED");
      expect(res.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
    }
  });

  it("does not exist without the secret: it answers as an unknown route does", async () => {
    const unknown = expectError(await api("GET", "/no-such-page"), 404, "E_NOT_FOUND");
    for (const res of [await api("GET", "/metrics", { token: TOKEN }), await api("POST", "/metrics"), await scrape("", TOKEN)]) {
      expect({ ...expectError(res, 404, "E_NOT_FOUND"), requestId: "" }).toEqual({ ...unknown, requestId: "" });
    }
  });

  it("is described in the OpenAPI document with its own bearer scheme", async () => {
    const doc = (await api("GET", "/openapi.json")).json;
    expect(doc.paths["/metrics"].get).toMatchObject({ security: [{ metricsToken: [] }], responses: { 200: {}, 401: {}, 404: {} } });
    expect(Object.keys(doc.paths["/metrics"].get.responses[200].content)).toEqual(["text/plain; version=0.0.4; charset=utf-8"]);
    expect(doc.components.securitySchemes.metricsToken).toMatchObject({ type: "http", scheme: "bearer" });
  });
});
