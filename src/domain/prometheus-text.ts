/**
 * The Prometheus text exposition format, version 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format).
 */

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export type MetricType = "counter" | "gauge";
export type Sample = { labels: Readonly<Record<string, string>>; value: number };
/** One metric: its HELP and TYPE lines, then one line per sample (a label set and its value). */
export type MetricFamily = { name: string; type: MetricType; help: string; samples: readonly Sample[] };

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
// Names starting with `__` are reserved for Prometheus itself.
const LABEL_NAME = /^(?!__)[a-zA-Z_][a-zA-Z0-9_]*$/;

// Label values are quoted, so `"` must be escaped there; HELP text is not, so only `\` and LF.
const escapeLabelValue = (value: string) => value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const escapeHelp = (text: string) => text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

function sampleLine(name: string, sample: Sample): string {
  const labels = Object.entries(sample.labels).map(([label, value]) => {
    if (!LABEL_NAME.test(label)) throw new Error(`Not a Prometheus label name: ${label}`);
    return `${label}="${escapeLabelValue(value)}"`;
  });
  return `${name}${labels.length > 0 ? `{${labels.join(",")}}` : ""} ${formatValue(sample.value)}`;
}

/**
 * Writes `families` in the text exposition format, in the order given: `# HELP` and `# TYPE`
 * first, then each sample. Label values and HELP text are escaped, so they may hold any text;
 * metric and label names are the program's own, and a malformed one throws. A family without
 * samples keeps its HELP and TYPE lines, so a scrape always describes every metric.
 */
export function prometheusText(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    if (!METRIC_NAME.test(family.name)) throw new Error(`Not a Prometheus metric name: ${family.name}`);
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) lines.push(sampleLine(family.name, sample));
  }
  // The format ends every line, the last one included, with a line feed.
  return lines.map((line) => `${line}\n`).join("");
}
