// The reports (contract §8, §11): SLA compliance by day and by priority, created/resolved/breached
// per day, and the age of open tickets. Loaded on demand: uPlot is in this chunk, not the board's.
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import type { Team } from "../api/types";
import { AgingReport } from "./aging-report";
import { ComplianceByDay } from "./compliance-by-day";
import { ComplianceByPriority } from "./compliance-by-priority";
import { TrendsReport } from "./trends-report";
import { useReports } from "./use-reports";

const PERIODS = [7, 30, 90] as const;

export function ReportsView({ teams }: { teams: readonly Team[] }) {
  const [teamId, setTeamId] = useState("");
  const [days, setDays] = useState<number>(30);
  const { reports, error } = useReports(teamId, days);
  useEffect(() => {
    document.title = "Reports — slaguard";
  }, []);

  return html`
    <h1>Reports</h1>
    <form class="report-filters" onSubmit=${(e: Event) => e.preventDefault()}>
      <div>
        <label for="report-team">Team</label>
        <select id="report-team" value=${teamId} onChange=${(e: Event) => setTeamId((e.currentTarget as HTMLSelectElement).value)}>
          <option value="">All teams you can see</option>
          ${teams.map((team) => html`<option key=${team.id} value=${team.id}>${team.name}</option>`)}
        </select>
      </div>
      <div>
        <label for="report-period">Period</label>
        <select id="report-period" value=${days} onChange=${(e: Event) => setDays(Number((e.currentTarget as HTMLSelectElement).value))}>
          ${PERIODS.map((n) => html`<option key=${n} value=${n}>Last ${n} days</option>`)}
        </select>
      </div>
    </form>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${!reports
      ? html`<p>Loading the reports…</p>`
      : html`
          <${ComplianceByDay} items=${reports.byDay} />
          <${ComplianceByPriority} items=${reports.byPriority} />
          <${TrendsReport} items=${reports.trends} />
          <${AgingReport} items=${reports.aging} />
        `}
  `;
}
