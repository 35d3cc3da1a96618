import fc from "fast-check";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { describe, expect, it } from "vitest";
import { prometheusText, type MetricFamily } from "../../src/domain/prometheus-text";

const requests: MetricFamily = {
  name: "http_requests_total",
  type: "counter",
  help: "Requests served.",
  samples: [
    { labels: { method: "get", code: "200" }, value: 1027 },
    { labels: { method: "post", code: "400" }, value: 3 },
  ],
};

describe("the Prometheus text writer", () => {
  it("writes HELP and TYPE, then one line per sample, each ending with a line feed", () => {
    expect(prometheusText([requests, { name: "up", type: "gauge", help: "Alive.", samples: [{ labels: {}, value: 1 }] }])).toBe(
      [
        "# HELP http_requests_total Requests served.",
        "# TYPE http_requests_total counter",
        'http_requests_total{method="get",code="200"} 1027',
        'http_requests_total{method="post",code="400"} 3',
        "# HELP up Alive.",
        "# TYPE up gauge",
        "up 1",
        "",
      ].join("\n"),
    );
  });

  it("is read back by a real parser as written", () => {
    expect(parsePrometheusTextFormat(prometheusText([requests]))).toEqual([
      {
        name: "http_requests_total",
        help: "Requests served.",
        type: "COUNTER",
        metrics: [
          { labels: { method: "get", code: "200" }, value: "1027" },
          { labels: { method: "post", code: "400" }, value: "3" },
        ],
      },
    ]);
  });

  it("keeps a family without samples, described", () => {
    const text = prometheusText([{ name: "empty_total", type: "counter", help: "Nothing yet.", samples: [] }]);
    expect(text).toBe("# HELP empty_total Nothing yet.\n# TYPE empty_total counter\n");
    expect(parsePrometheusTextFormat(text)).toEqual([{ name: "empty_total", help: "Nothing yet.", type: "COUNTER", metrics: [] }]);
  });

  it("escapes backslash, double quote and line feed in label values", () => {
    const value = 'C:\\DIR\\FILE.TXT said "no"\nthen left';
    const text = prometheusText([{ name: "odd", type: "gauge", help: "Odd labels.", samples: [{ labels: { path: value }, value: 1 }] }]);
    expect(text).toContain('odd{path="C:\\\\DIR\\\\FILE.TXT said \\"no\\"\\nthen left"} 1\n');
    expect(parsePrometheusTextFormat(text)[0]!.metrics).toEqual([{ labels: { path: value }, value: "1" }]);
  });

  it("escapes backslash and line feed in HELP text", () => {
    const help = "Two lines:\nand a \\ backslash";
    const text = prometheusText([{ name: "described", type: "gauge", help, samples: [] }]);
    expect(text.split("\n")[0]).toBe("# HELP described Two lines:\\nand a \\\\ backslash");
    expect(parsePrometheusTextFormat(text)[0]!.help).toBe(help);
  });

  it("reads back any label value, whatever it holds", () => {
    const tricky = fc.string({ unit: fc.oneof(fc.constantFrom("\\", '"', "\n", "\\n", ",", "}", "{", "=", " ", "é", "😀"), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 30 });
    fc.assert(
      fc.property(tricky, tricky, (first, second) => {
        const text = prometheusText([{ name: "any", type: "gauge", help: "Anything.", samples: [{ labels: { first, second }, value: 2 }] }]);
        expect(parsePrometheusTextFormat(text)[0]!.metrics).toEqual([{ labels: { first, second }, value: "2" }]);
      }),
    );
  });

  it("writes fractions, infinities and NaN as the format spells them", () => {
    const samples = [2 / 3, Infinity, -Infinity, NaN, 0].map((value, i) => ({ labels: { i: String(i) }, value }));
    const text = prometheusText([{ name: "ratio", type: "gauge", help: "Values.", samples }]);
    const values = parsePrometheusTextFormat(text)[0]!.metrics.map((sample) => sample.value);
    expect(values).toEqual(["0.6666666666666666", "+Inf", "-Inf", "NaN", "0"]);
  });

  it("refuses a malformed metric or label name, which would corrupt the whole scrape", () => {
    expect(() => prometheusText([{ name: "bad-name", type: "gauge", help: "", samples: [] }])).toThrow(/metric name/);
    expect(() => prometheusText([{ name: "ok", type: "gauge", help: "", samples: [{ labels: { "bad label": "x" }, value: 1 }] }])).toThrow(/label name/);
    expect(() => prometheusText([{ name: "ok", type: "gauge", help: "", samples: [{ labels: { __reserved: "x" }, value: 1 }] }])).toThrow(/label name/);
  });
});
