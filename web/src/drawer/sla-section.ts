// The drawer's "SLA" section: where the response and resolution clocks stand, and the ticket's SLA timeline.
import { html } from "htm/preact";
import type { SlaMetric, SlaTimeline } from "../api/types";
import { formatMinutes } from "../time/countdown";
import { describeTimelineEntry, formatWhen } from "./describe";

function metricLine(name: string, metric: SlaMetric | null): string {
  if (!metric) return `${name}: no SLA`;
  const due = metric.dueAt && metric.state !== "met" ? `, due ${formatWhen(metric.dueAt)}` : "";
  return `${name}: ${metric.state} — ${formatMinutes(metric.elapsedMinutes)} of ${formatMinutes(metric.targetMinutes)} (${metric.percent}%)${due}`;
}

export function SlaSection({ timeline }: { timeline: SlaTimeline | null }) {
  return html`
    <section aria-labelledby="drawer-sla">
      <h3 id="drawer-sla">SLA</h3>
      ${!timeline
        ? html`<p>Loading…</p>`
        : html`
            <ul class="plain">
              <li>${metricLine("Response", timeline.response)}</li>
              <li>${metricLine("Resolution", timeline.resolution)}</li>
            </ul>
            <h4>Timeline</h4>
            ${timeline.timeline.length === 0
              ? html`<p>No SLA policy governs this ticket.</p>`
              : html`<ol class="timeline" data-testid="sla-timeline">
                  ${timeline.timeline.map((entry, i) => html`<li key=${i}>${describeTimelineEntry(entry)}</li>`)}
                </ol>`}
          `}
    </section>
  `;
}
