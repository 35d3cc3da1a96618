// The "SLA compliance by priority" report: response and resolution met in time per priority, as a table.
import { html } from "htm/preact";
import type { ComplianceItem } from "../api/types";
import { cell } from "./compliance-words";

export function ComplianceByPriority({ items }: { items: ComplianceItem[] }) {
  const priorities = [...new Set(items.map((item) => item.group))].sort();
  const find = (priority: string, metric: string) => items.find((item) => item.group === priority && item.metric === metric);
  return html`
    <section class="report" aria-labelledby="report-compliance-priority">
      <h2 id="report-compliance-priority">SLA compliance by priority</h2>
      <table>
        <caption class="visually-hidden">SLA compliance by priority: share met in time, with met and breached counts</caption>
        <thead><tr><th scope="col">Priority</th><th scope="col">Response</th><th scope="col">Resolution</th></tr></thead>
        <tbody>
          ${priorities.map((p) => html`<tr key=${p}><th scope="row">${p}</th><td>${cell(find(p, "response"))}</td><td>${cell(find(p, "resolution"))}</td></tr>`)}
        </tbody>
      </table>
    </section>
  `;
}
