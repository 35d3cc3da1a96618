import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BusinessCalendar } from "../../src/domain/business-calendar";
import { computeDueAt, metricStatus, type MetricClock } from "../../src/domain/sla-clock";
import { clocksAfterMove, startClocks, type Governance, type TicketClocks } from "../../src/domain/sla-lifecycle";
import { slaTimeline, type ClockHistory, type TimelineEntry } from "../../src/domain/sla-timeline";
import { TRANSITIONS } from "../../src/domain/ticket-status";
import type { TicketStatus } from "../../src/domain/ticket-fields";
import { calendarArbitrary } from "./calendar-arbitrary";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const weekdays = (intervals: [string, string][]) => ({ mon: intervals, tue: intervals, wed: intervals, thu: intervals, fri: intervals });
/** Calendar C1 of sla-examples.md: Mon–Fri 09:00–17:00 in Berlin (CET, UTC+1, in January). */
const C1: BusinessCalendar = { timezone: "Europe/Berlin", hours: weekdays([["09:00", "17:00"]]), holidays: [] };
const utc = (iso: string) => Date.parse(`${iso}Z`);
/** Mon 2025-01-13 10:00 CET. */
const MONDAY_10 = utc("2025-01-13T09:00");

const governance = (policyId: string, responseMinutes: number, resolutionMinutes: number, calendar: BusinessCalendar = C1): Governance =>
  ({ policyId, calendarId: calendar ? "c1" : null, calendar, responseMinutes, resolutionMinutes, dueSoonMinutes: 60 });
const clock = (targetMinutes: number, startedAt: number, state: Partial<MetricClock> = {}): MetricClock => ({ targetMinutes, startedAt, pausedMs: 0, pausedSince: null, metAt: null, ...state });
const history = (stored: ClockHistory["governance"], clocks: TicketClocks, rest: Partial<ClockHistory> = {}): ClockHistory => ({ clocks, governance: stored, moves: [], retargets: [], crossings: [], ...rest });
const of = (entries: TimelineEntry[], metric: "response" | "resolution") => entries.filter((entry) => entry.metric === metric);

describe("the worked examples on calendar C1", () => {
  it("E7b: the pause shows, and the due time moves by the paused business time (3 h + 2 h)", () => {
    const [pending, open] = [utc("2025-01-13T13:00"), utc("2025-01-14T10:00")]; // Mon 14:00, Tue 11:00
    const clocks = { response: clock(600, MONDAY_10, { pausedMs: 5 * HOUR }), resolution: clock(480, MONDAY_10, { pausedMs: 5 * HOUR }) };
    const moves = [{ at: pending, from: "new", to: "pending" }, { at: open, from: "pending", to: "open" }] as const;
    expect(slaTimeline(history(governance("p", 600, 480), clocks, { moves: [...moves] }))).toEqual([
      // 8 h from Mon 10:00: 7 h on Monday, 1 h on Tuesday; 10 h: Tuesday 12:00.
      { at: MONDAY_10, metric: "response", kind: "started", policyId: "p", dueAt: utc("2025-01-14T11:00"), elapsedMinutes: 0 },
      { at: MONDAY_10, metric: "resolution", kind: "started", policyId: "p", dueAt: utc("2025-01-14T09:00"), elapsedMinutes: 0 },
      { at: pending, metric: "response", kind: "paused", elapsedMinutes: 240 },
      { at: pending, metric: "resolution", kind: "paused", elapsedMinutes: 240 },
      { at: open, metric: "response", kind: "resumed", dueAt: utc("2025-01-14T16:00"), elapsedMinutes: 240 },
      { at: open, metric: "resolution", kind: "resumed", dueAt: utc("2025-01-14T14:00"), elapsedMinutes: 240 },
    ]);
  });

  it("E1 and E10: the recorded crossings, each with the business minutes counted at its instant", () => {
    const created = utc("2025-01-10T15:00"); // Fri 16:00
    const [warning, highRisk, breached] = [utc("2025-01-13T09:00"), utc("2025-01-13T10:00"), utc("2025-01-13T11:00")];
    const crossings = [
      { at: breached, metric: "resolution", band: "breached" },
      { at: highRisk, metric: "resolution", band: "due_soon" },
      { at: highRisk, metric: "resolution", band: "high_risk" },
      { at: warning, metric: "resolution", band: "warning" },
    ] as const;
    const entries = slaTimeline(history(governance("p", 60, 240), { response: clock(60, created), resolution: clock(240, created) }, { crossings: [...crossings] }));
    expect(of(entries, "resolution")).toEqual([
      { at: created, metric: "resolution", kind: "started", policyId: "p", dueAt: breached, elapsedMinutes: 0 },
      { at: warning, metric: "resolution", kind: "crossed", band: "warning", elapsedMinutes: 120 },
      { at: highRisk, metric: "resolution", kind: "crossed", band: "high_risk", elapsedMinutes: 180 },
      { at: highRisk, metric: "resolution", kind: "crossed", band: "due_soon", elapsedMinutes: 180 },
      { at: breached, metric: "resolution", kind: "breached", band: "breached", elapsedMinutes: 240 },
    ]);
  });

  it("shows a pause shorter than a minute, and the due time moves by it", () => {
    const [pending, open] = [utc("2025-01-13T10:00"), utc("2025-01-13T10:00:30")];
    const clocks = { response: clock(60, MONDAY_10, { metAt: MONDAY_10 + 5 * MINUTE }), resolution: clock(480, MONDAY_10, { pausedMs: 30_000 }) };
    const moves = [{ at: MONDAY_10 + 5 * MINUTE, from: "new", to: "in_progress" }, { at: pending, from: "in_progress", to: "pending" }, { at: open, from: "pending", to: "open" }] as const;
    const entries = slaTimeline(history(governance("p", 60, 480), clocks, { moves: [...moves] }));
    expect(of(entries, "resolution").slice(1)).toEqual([
      { at: pending, metric: "resolution", kind: "paused", elapsedMinutes: 60 },
      { at: open, metric: "resolution", kind: "resumed", dueAt: utc("2025-01-14T09:00:30"), elapsedMinutes: 60 },
    ]);
    // The met response does not pause.
    expect(of(entries, "response").map((entry) => entry.kind)).toEqual(["started", "met"]);
  });

  it("re-targets from P3 to P2 at 10:40, keeping the elapsed time", () => {
    const at = utc("2025-01-13T09:40"); // Mon 10:40
    const clocks = { response: clock(60, MONDAY_10), resolution: clock(480, MONDAY_10) };
    const retargets = [{ at, from: { policyId: "p3", responseMinutes: 240, resolutionMinutes: 1440 }, to: { policyId: "p2", responseMinutes: 60, resolutionMinutes: 480 } }];
    expect(slaTimeline(history(governance("p2", 60, 480), clocks, { retargets }))).toEqual([
      // 4 h: Mon 14:00; 24 h: 7 + 8 + 8 + 1 h, Thursday 10:00.
      { at: MONDAY_10, metric: "response", kind: "started", policyId: "p3", dueAt: utc("2025-01-13T13:00"), elapsedMinutes: 0 },
      { at: MONDAY_10, metric: "resolution", kind: "started", policyId: "p3", dueAt: utc("2025-01-16T09:00"), elapsedMinutes: 0 },
      { at, metric: "response", kind: "retargeted", policyId: "p2", dueAt: utc("2025-01-13T10:00"), elapsedMinutes: 40 },
      { at, metric: "resolution", kind: "retargeted", policyId: "p2", dueAt: utc("2025-01-14T09:00"), elapsedMinutes: 40 },
    ]);
  });

  it("resumes the resolution on a reopen where it stopped, and meets the response once", () => {
    const [resolved, reopened, again] = [utc("2025-01-13T11:00"), utc("2025-01-14T09:00"), utc("2025-01-14T10:00")];
    // Stopped from Mon 12:00 to Tue 10:00: 5 h + 1 h of business time.
    const clocks = { response: clock(240, MONDAY_10, { metAt: resolved }), resolution: clock(480, MONDAY_10, { pausedMs: 6 * HOUR, metAt: again }) };
    const moves = [
      { at: resolved, from: "new", to: "resolved" },
      { at: reopened, from: "resolved", to: "open" },
      { at: again, from: "open", to: "resolved" },
    ] as const;
    const entries = slaTimeline(history(governance("p", 240, 480), clocks, { moves: [...moves] }));
    expect(entries.filter((entry) => entry.kind !== "started")).toEqual([
      { at: resolved, metric: "response", kind: "met", dueAt: utc("2025-01-13T13:00"), elapsedMinutes: 120 },
      { at: resolved, metric: "resolution", kind: "met", dueAt: utc("2025-01-14T09:00"), elapsedMinutes: 120 },
      { at: reopened, metric: "resolution", kind: "resumed", dueAt: utc("2025-01-14T15:00"), elapsedMinutes: 120 },
      { at: again, metric: "resolution", kind: "met", dueAt: utc("2025-01-14T15:00"), elapsedMinutes: 180 },
    ]);
  });

  it("takes a late response's meeting from the stored clock, once even when a move meets it at the same instant", () => {
    const replied = utc("2025-01-13T11:30"); // Mon 12:30: 150 minutes, due at 11:00
    const clocks = { response: clock(60, MONDAY_10, { metAt: replied }), resolution: clock(480, MONDAY_10, { pausedSince: utc("2025-01-13T13:00") }) };
    const moves = [{ at: replied, from: "new", to: "in_progress" }, { at: utc("2025-01-13T13:00"), from: "in_progress", to: "pending" }] as const;
    const entries = slaTimeline(history(governance("p", 60, 480), clocks, { moves: [...moves] }));
    expect(of(entries, "response")).toEqual([
      { at: MONDAY_10, metric: "response", kind: "started", policyId: "p", dueAt: utc("2025-01-13T10:00"), elapsedMinutes: 0 },
      { at: replied, metric: "response", kind: "met", dueAt: utc("2025-01-13T10:00"), elapsedMinutes: 150 },
    ]);
    expect(of(entries, "resolution").map((entry) => entry.kind)).toEqual(["started", "paused"]);
  });
});

describe("properties of random status moves", () => {
  const start = utc("2026-03-02T10:00");
  // Index into the legal moves, and a gap in seconds (zero and sub-minute gaps included).
  const stepArbitrary = fc.array(fc.tuple(fc.nat(), fc.oneof(fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 4 * 24 * 3600 }))), { maxLength: 12 });

  it("replays to the clocks the moves give directly, in time order, elapsed never falling", () => {
    fc.assert(
      fc.property(fc.option(calendarArbitrary, { nil: null }), stepArbitrary, fc.integer({ min: 1, max: 3000 }), (calendar, steps, target) => {
        const rules = governance("p", target, target * 3, calendar);
        let [clocks, status, at] = [startClocks(rules, start), "new" as TicketStatus, start];
        const moves = steps.map(([pick, gap]) => {
          const options = TRANSITIONS[status];
          const move = { at: (at += gap * 1000), from: status, to: options[pick % options.length]! };
          [clocks, status] = [clocksAfterMove(calendar, clocks, move.from, move.to, move.at), move.to];
          return move;
        });
        const entries = slaTimeline(history(rules, clocks, { moves }));
        for (const [i, entry] of entries.entries()) if (i > 0) expect(entry.at).toBeGreaterThanOrEqual(entries[i - 1]!.at);
        for (const metric of ["response", "resolution"] as const) {
          const mine = of(entries, metric);
          for (const [i, entry] of mine.entries()) if (i > 0) expect(entry.elapsedMinutes).toBeGreaterThanOrEqual(mine[i - 1]!.elapsedMinutes);
          // After its last entry a clock does not change: the clock the moves give tells the same there.
          const last = mine.at(-1)!;
          expect(last.elapsedMinutes).toBe(metricStatus(calendar, clocks[metric], last.at).elapsedMinutes);
          if (last.dueAt !== undefined) expect(last.dueAt).toBe(computeDueAt(calendar, clocks[metric], last.at));
          expect(mine.at(-1)!.kind === "met").toBe(clocks[metric].metAt !== null);
        }
        expect(of(entries, "response").filter((entry) => entry.kind === "met").length).toBeLessThanOrEqual(1);
      }),
    );
  });
});
