// The "Age of open tickets" report: open tickets per age bucket, as a bar chart and a table.
import { html } from "htm/preact";
import { useMemo } from "preact/hooks";
import type uPlot from "uplot";
import type { AgingBucket, AgingItem } from "../api/types";
import { barPaths } from "./chart";
import { ChartReport } from "./chart-report";
import { BLUE } from "./series-colours";

const AGE_WORDS: Record<AgingBucket, string> = { "<1d": "under a day", "1-3d": "1–3 days", "3-7d": "3–7 days", "7-30d": "7–30 days", ">30d": "over 30 days" };

const ageWords = (item: AgingItem | undefined) => (item ? AGE_WORDS[item.bucket] : "");

export function AgingReport({ items }: { items: AgingItem[] }) {
  const { data, options, summary } = useMemo(() => {
    const open = items.reduce((sum, item) => sum + item.count, 0);
    const data: uPlot.AlignedData = [items.map((_, i) => i), items.map((item) => item.count)];
    const options: Omit<uPlot.Options, "width" | "height"> = {
      scales: { x: { time: false, range: [-0.5, items.length - 0.5] } },
      axes: [{ values: (_u, ticks) => ticks.map((t) => ageWords(items[t])), splits: () => items.map((_, i) => i) }, { label: "open tickets" }],
      series: [
        { label: "Age", value: (_u, v) => ageWords(items[v]) },
        { label: "Open tickets", stroke: BLUE, fill: "rgba(29, 78, 216, 0.35)", paths: barPaths, points: { show: false } },
      ],
    };
    const parts = items.map((item) => `${item.count} ${AGE_WORDS[item.bucket]}`);
    return { data, options, summary: `${open} open tickets by age: ${parts.join(", ")}.` };
  }, [items]);
  return html`
    <${ChartReport} id="report-aging" title="Age of open tickets" options=${options} data=${data} summary=${summary}>
      <table>
        <caption class="visually-hidden">Open tickets by age</caption>
        <thead><tr><th scope="col">Age</th><th scope="col">Open tickets</th></tr></thead>
        <tbody>${items.map((item) => html`<tr key=${item.bucket}><th scope="row">${AGE_WORDS[item.bucket]}</th><td>${item.count}</td></tr>`)}</tbody>
      </table>
    <//>
  `;
}
