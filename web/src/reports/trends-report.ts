// The "Created, resolved and breached per day" report: a line chart with a table behind it.
import { html } from "htm/preact";
import { useMemo } from "preact/hooks";
import type uPlot from "uplot";
import type { TrendItem } from "../api/types";
import { dayValue, utcDates } from "./chart";
import { ChartReport } from "./chart-report";
import { BLUE, GREEN, RED } from "./series-colours";

export function TrendsReport({ items }: { items: TrendItem[] }) {
  const { data, options, summary } = useMemo(() => {
    const total = (key: "created" | "resolved" | "breached") => items.reduce((sum, item) => sum + item[key], 0);
    const data: uPlot.AlignedData = [items.map((item) => dayValue(item.date)), items.map((i) => i.created), items.map((i) => i.resolved), items.map((i) => i.breached)];
    const options: Omit<uPlot.Options, "width" | "height"> = {
      tzDate: utcDates,
      axes: [{}, { label: "tickets" }],
      series: [
        { label: "Day" },
        { label: "Created", stroke: BLUE, width: 2 },
        { label: "Resolved", stroke: GREEN, width: 2, dash: [6, 4] },
        { label: "Breached", stroke: RED, width: 2, dash: [2, 3] },
      ],
    };
    return { data, options, summary: `Over ${items.length} days: ${total("created")} tickets created, ${total("resolved")} resolved, ${total("breached")} SLA breaches.` };
  }, [items]);
  return html`
    <${ChartReport} id="report-trends" title="Created, resolved and breached per day" options=${options} data=${data} summary=${summary}>
      <details>
        <summary>Trends as a table</summary>
        <table>
          <caption class="visually-hidden">Tickets created, resolved and breached per day</caption>
          <thead><tr><th scope="col">Day</th><th scope="col">Created</th><th scope="col">Resolved</th><th scope="col">Breached</th></tr></thead>
          <tbody>
            ${items.map((i) => html`<tr key=${i.date}><th scope="row">${i.date}</th><td>${i.created}</td><td>${i.resolved}</td><td>${i.breached}</td></tr>`)}
          </tbody>
        </table>
      </details>
    <//>
  `;
}
