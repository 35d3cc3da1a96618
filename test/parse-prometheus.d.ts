// parse-prometheus-text-format ships no types: the shape of what it answers, as its README shows it.
declare module "parse-prometheus-text-format" {
  export type ParsedSample = { value: string; labels?: Record<string, string>; timestamp_ms?: string };
  export type ParsedFamily = { name: string; help: string; type: "COUNTER" | "GAUGE" | "SUMMARY" | "HISTOGRAM" | "UNTYPED"; metrics: ParsedSample[] };
  export default function parsePrometheusTextFormat(text: string): ParsedFamily[];
}
