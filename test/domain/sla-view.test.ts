import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MetricView, SlaView } from "../../src/domain/sla-view";
import { worstFirst } from "../../src/domain/sla-view";

const metric = (dueAt: number | null, state: MetricView["state"] = "running"): MetricView => ({ targetMinutes: 60, dueAt, elapsedMinutes: 0, percent: 0, state, band: "safe" });
const sla = (riskPercent: number, responseDue: number | null, resolutionDue: number | null, responseState: MetricView["state"] = "running"): SlaView => ({
  policyId: null,
  response: metric(responseDue, responseState),
  resolution: metric(resolutionDue),
  risk: "high_risk",
  riskPercent,
});

describe("worstFirst", () => {
  it("puts the highest risk percent first, then the earliest due", () => {
    const sorted = [sla(80, 500, 900), sla(120, 700, 900), sla(80, 300, 900)].sort(worstFirst);
    expect(sorted.map((s) => [s.riskPercent, s.response.dueAt])).toEqual([
      [120, 700],
      [80, 300],
      [80, 500],
    ]);
  });

  it("ignores a met response's due time", () => {
    const met = sla(80, 100, 900, "met");
    const running = sla(80, 500, 900);
    expect([met, running].sort(worstFirst)).toEqual([running, met]);
  });

  it("is a consistent order: antisymmetric on any two blocks", () => {
    const block = fc.record({ p: fc.nat(300), r: fc.option(fc.nat(), { nil: null }), s: fc.option(fc.nat(), { nil: null }) });
    fc.assert(
      fc.property(block, block, (a, b) => {
        const [x, y] = [sla(a.p, a.r, a.s), sla(b.p, b.r, b.s)];
        expect(Math.sign(worstFirst(x, y)) || 0).toBe(-Math.sign(worstFirst(y, x)) || 0);
      }),
    );
  });
});
