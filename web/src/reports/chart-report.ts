// A report with a chart: its section and heading, then the chart in a <figure> captioned with the
// summary that also labels the chart, then the report's data table (the children).
import { html } from "htm/preact";
import type { ComponentChildren } from "preact";
import { Chart } from "./chart";

type ChartReportProps = Parameters<typeof Chart>[0] & { id: string; title: string; children: ComponentChildren };

export function ChartReport({ id, title, options, data, summary, children }: ChartReportProps) {
  return html`
    <section class="report" aria-labelledby=${id}>
      <h2 id=${id}>${title}</h2>
      <figure>
        <${Chart} options=${options} data=${data} summary=${summary} />
        <figcaption>${summary}</figcaption>
      </figure>
      ${children}
    </section>
  `;
}
