// The drawer's sentences (web/src/drawer/describe.ts), its status moves (moves.ts), and the live
// socket's address and backoff (web/src/live/).
import { describe, expect, it } from "vitest";
import { describeHistoryEntry, describeTimelineEntry, formatWhen } from "../../web/src/drawer/describe";
import { movesFor as statusMoves } from "../../src/domain/ticket-status";
import { reconnectDelay } from "../../web/src/live/backoff";
import { liveSocketUrl } from "../../web/src/live/url";

const BERLIN = "Europe/Berlin";
const names = new Map([["u-alex", "Alex Agent"]]);
const nameOf = (id: string | null) => (id ? (names.get(id) ?? `someone (${id})`) : "nobody");

describe("the SLA timeline in words", () => {
  it("reads an instant in the given time zone", () => {
    expect(formatWhen("2026-11-30T13:00:00.000Z", BERLIN)).toBe("Mon 30 Nov 14:00");
  });

  it.each([
    [{ kind: "paused", metric: "resolution", elapsedMinutes: 240 }, "Mon 30 Nov 14:00 — resolution paused (4 h 0 min elapsed)"],
    [{ kind: "started", metric: "response", dueAt: "2026-11-30T14:00:00.000Z", elapsedMinutes: 0 }, "Mon 30 Nov 14:00 — response started, due Mon 30 Nov 15:00 (0 min elapsed)"],
    [{ kind: "resumed", metric: "resolution", dueAt: "2026-12-01T08:00:00.000Z", elapsedMinutes: 240 }, "Mon 30 Nov 14:00 — resolution resumed, due Tue 1 Dec 09:00 (4 h 0 min elapsed)"],
    [{ kind: "retargeted", metric: "resolution", dueAt: "2026-11-30T15:00:00.000Z", elapsedMinutes: 30 }, "Mon 30 Nov 14:00 — resolution re-targeted to another policy, now due Mon 30 Nov 16:00 (30 min elapsed)"],
    [{ kind: "crossed", metric: "resolution", band: "high_risk", elapsedMinutes: 180 }, "Mon 30 Nov 14:00 — resolution reached high risk (3 h 0 min elapsed)"],
    [{ kind: "crossed", metric: "response", band: "due_soon", elapsedMinutes: 5 }, "Mon 30 Nov 14:00 — response is due soon (5 min elapsed)"],
    [{ kind: "met", metric: "response", elapsedMinutes: 20 }, "Mon 30 Nov 14:00 — response met (20 min elapsed)"],
    [{ kind: "breached", metric: "resolution", band: "breached", elapsedMinutes: 480 }, "Mon 30 Nov 14:00 — resolution breached (8 h 0 min elapsed)"],
  ] as const)("%o", (entry, text) => {
    expect(describeTimelineEntry({ at: "2026-11-30T13:00:00.000Z", ...entry }, BERLIN)).toBe(text);
  });
});

describe("the history in words", () => {
  const entry = (action: string, from: unknown, to: unknown, actorId: string | null = "u-alex") => ({ at: "2026-11-30T13:00:00.000Z", actorId, action, from, to, ip: null });

  it.each([
    [entry("created", null, { title: "x" }), "Alex Agent", "created the ticket"],
    [entry("assigned", { assigneeId: null }, { assigneeId: "u-alex" }), "Alex Agent", "assigned it to Alex Agent"],
    [entry("assigned", { assigneeId: "u-alex" }, { assigneeId: null }), "Alex Agent", "unassigned it"],
    [entry("status_changed", { status: "new" }, { status: "in_progress" }), "Alex Agent", "changed the status from new to in progress"],
    [entry("comment_added", null, { commentId: "c", public: false }), "Alex Agent", "added an internal note"],
    [entry("escalated", null, { level: 1, reason: "the resolution clock reached due_soon" }, null), "System", "escalated it to level 1 (the resolution clock reached due_soon)"],
    [entry("sla.high_risk", null, { metric: "resolution", band: "high_risk" }, null), "System", "resolution reached high risk"],
    [entry("updated", { priority: "P3", tags: [] }, { priority: "P1", tags: ["vip"] }), "Alex Agent", "changed priority P3 → P1, tags none → vip"],
    [entry("automation.set_priority", null, { priority: "P1" }, "u-unknown"), "someone (u-unknown)", "automation set priority: priority P1"],
  ])("%o", (history, actor, text) => {
    expect(describeHistoryEntry(history, nameOf)).toEqual({ actor, text });
  });
});

describe("status moves", () => {
  it("offers the contract's moves, reopening a closed ticket to managers and admins only", () => {
    expect(statusMoves("in_progress", "agent")).toEqual(["open", "pending", "resolved"]);
    expect(statusMoves("closed", "agent")).toEqual([]);
    expect(statusMoves("closed", "manager")).toEqual(["open"]);
  });
});

describe("the live socket", () => {
  it("is addressed in one place, with a one-time ticket asked for first and, on a reconnect, since", async () => {
    const asked: string[] = [];
    const api = { post: async <T,>(path: string) => (asked.push(path), { ticket: "tik", expiresIn: 30 }) as T };
    expect(await liveSocketUrl(api, { protocol: "https:", host: "desk.example" }, "team 1", null)).toBe("wss://desk.example/api/v1/teams/team%201/live?ticket=tik");
    expect(await liveSocketUrl(api, { protocol: "http:", host: "localhost:8787" }, "t", 41)).toBe("ws://localhost:8787/api/v1/teams/t/live?ticket=tik&since=41");
    expect(asked).toEqual(["/teams/team%201/live/ticket", "/teams/t/live/ticket"]);
  });

  it("backs off 1 s, 2 s, 4 s … up to 30 s, less up to a fifth at random", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((attempt) => reconnectDelay(attempt, 0))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(reconnectDelay(2, 0.5)).toBe(3600);
  });
});
