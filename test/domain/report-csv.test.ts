import { describe, expect, it } from "vitest";
import { flattenItem, reportCsv } from "../../src/domain/report-csv";
import { parseCsv } from "../csv-parse";

describe("report CSV", () => {
  it("spreads nested objects into dotted columns, in order", () => {
    expect(flattenItem({ agentId: "u1", byRisk: { safe: 1, high_risk: 2 }, escalated: 0 })).toEqual([
      ["agentId", "u1"],
      ["byRisk.safe", 1],
      ["byRisk.high_risk", 2],
      ["escalated", 0],
    ]);
  });

  it("keeps numbers numbers, negative ones too, and guards text", () => {
    const text = reportCsv([{ name: "-5", value: -5, ratio: 0.25, none: null, formula: "=SUM(A1)", quoted: 'say "hi", ok' }], []);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(parseCsv(text)).toEqual([
      ["name", "value", "ratio", "none", "formula", "quoted"],
      ["'-5", "-5", "0.25", "", "'=SUM(A1)", 'say "hi", ok'],
    ]);
  });

  it("heads an empty report with the given columns", () => {
    expect(reportCsv([], ["date", "count"])).toBe("date,count\r\n");
  });
});
