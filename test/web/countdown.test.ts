// The dashboard's countdowns and SLA words (web/src/time/countdown.ts, web/src/board/sla.ts).
import { describe, expect, it } from "vitest";
import { governingDue } from "../../web/src/board/sla";
import { countdown, formatMinutes, formatSpan } from "../../web/src/time/countdown";
import { at, metric, NOW, ticket } from "./board-fixtures";

const MIN = 60_000;

describe("formatSpan", () => {
  it.each([
    [0, "0 s"],
    [45_900, "45 s"],
    [12 * MIN + 5_000, "12 min 05 s"],
    [3 * 60 * MIN + 5 * MIN + 59_000, "3 h 05 min"],
    [2 * 24 * 60 * MIN + 3 * 60 * MIN + 59 * MIN, "2 d 3 h"],
    [-5_000, "0 s"],
  ])("%d ms reads %s", (ms, text) => expect(formatSpan(ms)).toBe(text));
});

describe("formatMinutes", () => {
  it.each([
    [0, "0 min"],
    [35, "35 min"],
    [240, "4 h 0 min"],
    [1501, "25 h 1 min"],
  ])("%d minutes reads %s", (minutes, text) => expect(formatMinutes(minutes)).toBe(text));
});

describe("governingDue", () => {
  it("is the earlier due instant of the metrics not yet met", () => {
    expect(governingDue(ticket("1"))).toEqual({ metric: "response", dueAt: Date.parse(at(30)), state: "running" });
    const answered = ticket("1", { sla: { ...ticket("1").sla!, response: metric({ state: "met", dueAt: at(30) }) } });
    expect(governingDue(answered)).toEqual({ metric: "resolution", dueAt: Date.parse(at(400)), state: "running" });
  });

  it("is the breached metric once one is breached, and none without an SLA or with both met", () => {
    const breached = ticket("1", { sla: { ...ticket("1").sla!, response: metric({ state: "breached", dueAt: at(-20) }) } });
    expect(governingDue(breached)).toMatchObject({ metric: "response", state: "breached" });
    expect(governingDue(ticket("1", { sla: null }))).toBeNull();
    const met = metric({ state: "met" });
    expect(governingDue(ticket("1", { sla: { ...ticket("1").sla!, response: met, resolution: met } }))).toBeNull();
  });
});

describe("countdown", () => {
  const due = (minutes: number, state: "running" | "paused" | "breached" = "running") => ({ metric: "resolution" as const, dueAt: NOW + minutes * MIN, state });

  it("counts down to the deadline", () => {
    expect(countdown(due(125), NOW)).toEqual({ kind: "running", text: "2 h 05 min" });
    expect(countdown(due(125), NOW + 125 * MIN - 30_000)).toEqual({ kind: "running", text: "30 s" });
  });

  it("says overdue once the deadline has passed or the metric is breached", () => {
    expect(countdown(due(-65), NOW)).toEqual({ kind: "overdue", text: "overdue by 1 h 05 min" });
    expect(countdown(due(0), NOW)).toEqual({ kind: "overdue", text: "overdue by 0 s" });
    expect(countdown(due(-1, "breached"), NOW)).toEqual({ kind: "overdue", text: "overdue by 1 min 00 s" });
  });

  it("says paused while the clock stands still, even past the due instant it was read with", () => {
    expect(countdown(due(90, "paused"), NOW)).toEqual({ kind: "paused", text: "paused" });
    expect(countdown(due(-5, "paused"), NOW)).toEqual({ kind: "paused", text: "paused" });
  });

  it("says so when no SLA deadline is running", () => {
    expect(countdown(null, NOW)).toEqual({ kind: "none", text: "no SLA due" });
  });
});
