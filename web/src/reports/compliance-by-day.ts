// The "SLA compliance by day" report: response and resolution met in time per day, as a line chart
// with a table behind it.
import { html } from "htm/preact";
import { useMemo } from "preact/hooks";
import type uPlot from "uplot";
import type { ComplianceItem } from "../api/types";
import { dayValue, utcDates } from "./chart";
import { ChartReport } from "./chart-report";
import { cell, overall } from "./compliance-words";
import { AMBER, BLUE } from "./series-colours";

export function ComplianceByDay({ items }: { items: ComplianceItem[] }) {
  const { rows, data, options, summary } = useMemo(() => {
    const days = [...new Set(items.map((item) => item.group))].sort();
    const find = (day: string, metric: string) => items.find((item) => item.group === day && item.metric === metric);
    const rows = days.map((day) => ({ day, response: find(day, "response"), resolution: find(day, "resolution") }));
    const ratio = (item?: ComplianceItem) => (item?.compliance == null ? null : Math.round(item.compliance * 1000) / 10);
    const data: uPlot.AlignedData = [days.map(dayValue), rows.map((row) => ratio(row.response)), rows.map((row) => ratio(row.resolution))];
    const options: Omit<uPlot.Options, "width" | "height"> = {
      tzDate: utcDates,
      scales: { y: { range: [0, 100] } },
      axes: [{}, { label: "% met in time", values: (_u, ticks) => ticks.map((t) => `${t}%`) }],
      series: [
        { label: "Day" },
        { label: "Response", stroke: BLUE, width: 2, value: (_u, v) => (v == null ? "–" : `${v}%`) },
        { label: "Resolution", stroke: AMBER, width: 2, dash: [6, 4], value: (_u, v) => (v == null ? "–" : `${v}%`) },
      ],
    };
    return { rows, data, options, summary: `SLA compliance per day over ${days.length} days: response ${overall(items, "response")}, resolution ${overall(items, "resolution")} met in time overall.` };
  }, [items]);

  return html`
    <${ChartReport} id="report-compliance-day" title="SLA compliance by day" options=${options} data=${data} summary=${summary}>
      <details>
        <summary>Compliance by day as a table</summary>
        <table>
          <caption class="visually-hidden">SLA compliance by day</caption>
          <thead><tr><th scope="col">Day</th><th scope="col">Response</th><th scope="col">Resolution</th></tr></thead>
          <tbody>
            ${rows.map((row) => html`<tr key=${row.day}><th scope="row">${row.day}</th><td>${cell(row.response)}</td><td>${cell(row.resolution)}</td></tr>`)}
          </tbody>
        </table>
      </details>
    <//>
  `;
}
