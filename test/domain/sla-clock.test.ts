import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { meetClock, metricStatus, pauseClock, reopenClock, resumeClock, type MetricClock } from "../../src/domain/sla-clock";
import { riskBand } from "../../src/domain/risk";
import { calendarArbitrary } from "./calendar-arbitrary";

const MINUTE = 60_000;
const start = Date.parse("2026-03-02T10:00:00.000Z");
const clock = (targetMinutes: number): MetricClock => ({ targetMinutes, startedAt: start, pausedMs: 0, pausedSince: null, metAt: null });

describe("risk bands", () => {
  it("cuts at 50, 75 and 100", () => {
    expect([0, 49, 50, 74, 75, 99, 100, 250].map(riskBand)).toEqual(["safe", "safe", "warning", "warning", "high_risk", "high_risk", "breached", "breached"]);
  });
});

describe("a clock on 24x7", () => {
  it("is met when met exactly at its due instant, breached when met a minute later", () => {
    expect(metricStatus(null, meetClock(clock(60), start + 60 * MINUTE), start + 90 * MINUTE).state).toBe("met");
    expect(metricStatus(null, meetClock(clock(60), start + 61 * MINUTE), start + 90 * MINUTE).state).toBe("breached");
  });

  it("does not count a pause twice when paused again", () => {
    const paused = pauseClock(pauseClock(clock(60), start + 10 * MINUTE), start + 20 * MINUTE);
    const resumed = resumeClock(null, paused, start + 30 * MINUTE);
    expect(resumed.pausedMs).toBe(20 * MINUTE);
    expect(metricStatus(null, resumed, start + 40 * MINUTE).elapsedMinutes).toBe(20);
  });

  it("resumes a reopened clock where it stopped", () => {
    const met = meetClock(clock(240), start + 100 * MINUTE);
    const reopened = reopenClock(null, met, start + 500 * MINUTE);
    expect(metricStatus(null, reopened, start + 510 * MINUTE)).toMatchObject({ elapsedMinutes: 110, state: "running" });
  });
});

describe("sla-examples.md E7b on calendar C1", () => {
  const weekdays = (intervals: [string, string][]) => ({ mon: intervals, tue: intervals, wed: intervals, thu: intervals, fri: intervals });
  const C1 = { timezone: "Europe/Berlin", hours: weekdays([["09:00", "17:00"]]), holidays: [] };
  it("moves dueAt by the paused business time (3 h + 2 h)", () => {
    const created = Date.parse("2025-01-13T09:00:00Z"); // Mon 10:00 CET
    const eightHours: MetricClock = { targetMinutes: 480, startedAt: created, pausedMs: 0, pausedSince: null, metAt: null };
    const paused = pauseClock(eightHours, Date.parse("2025-01-13T13:00:00Z")); // Mon 14:00
    const resumed = resumeClock(C1, paused, Date.parse("2025-01-14T10:00:00Z")); // Tue 11:00
    expect(resumed.pausedMs).toBe(5 * 60 * MINUTE);
    expect(new Date(metricStatus(C1, resumed, Date.parse("2025-01-14T10:00:00Z")).dueAt!).toISOString()).toBe("2025-01-14T14:00:00.000Z");
  });
});

const offset = fc.integer({ min: 0, max: 20 * 24 * 60 });

describe("properties over random calendars", () => {
  it("percent never falls as time runs, and stays put while paused", () => {
    fc.assert(
      fc.property(calendarArbitrary, fc.integer({ min: 1, max: 5000 }), offset, offset, offset, (calendar, target, a, b, pauseAt) => {
        const [early, late] = [Math.min(a, b), Math.max(a, b)].map((m) => start + m * MINUTE) as [number, number];
        const running = clock(target);
        expect(metricStatus(calendar, running, early).percent).toBeLessThanOrEqual(metricStatus(calendar, running, late).percent);
        const paused = pauseClock(running, start + pauseAt * MINUTE);
        const from = Math.max(early, start + pauseAt * MINUTE);
        expect(metricStatus(calendar, paused, from).percent).toBe(metricStatus(calendar, paused, Math.max(late, from)).percent);
      }),
      { numRuns: 150 },
    );
  });
});
