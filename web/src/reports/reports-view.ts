// The reports (contract §8, §11): SLA compliance by day and by priority, created/resolved/breached
// per day, and the age of open tickets. Loaded on demand: uPlot is in this chunk, not the board's.
import { html } from "htm/preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import type uPlot from "uplot";
import type { AgingBucket, AgingItem, ComplianceItem, Team, TrendItem } from "../api/types";
import { useApp } from "../context";
import { errorText } from "../ui/errors";
import { barPaths, Chart, dayValue, utcDates } from "./chart";

interface Reports {
  byDay: ComplianceItem[];
  byPriority: ComplianceItem[];
  trends: TrendItem[];
  aging: AgingItem[];
}

/** Series colours, each ≥ 3:1 against white (WCAG 1.4.11); lines differ by dash as well as colour. */
const BLUE = "#1d4ed8";
const AMBER = "#b45309";
const GREEN = "#15803d";
const RED = "#b91c1c";

const PERIODS = [7, 30, 90] as const;

const AGE_WORDS: Record<AgingBucket, string> = { "<1d": "under a day", "1-3d": "1–3 days", "3-7d": "3–7 days", "7-30d": "7–30 days", ">30d": "over 30 days" };

const percent = (ratio: number | null) => (ratio === null ? "no data" : `${Math.round(ratio * 100)}%`);

/** The local date `days` before today, as the reports' `from`/`to` take it. */
function isoDay(daysAgo: number): string {
  const day = new Date();
  day.setDate(day.getDate() - daysAgo);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, "0")}-${String(day.getDate()).padStart(2, "0")}`;
}

export function ReportsView({ teams }: { teams: readonly Team[] }) {
  const { api } = useApp();
  const [teamId, setTeamId] = useState("");
  const [days, setDays] = useState<number>(30);
  const [reports, setReports] = useState<Reports | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    document.title = "Reports — slaguard";
  }, []);

  useEffect(() => {
    let current = true;
    const query = { teamId, from: isoDay(days - 1), to: isoDay(0) };
    setError(null);
    Promise.all([
      api.get<{ items: ComplianceItem[] }>("/reports/sla-compliance", { query: { ...query, groupBy: "day" } }),
      api.get<{ items: ComplianceItem[] }>("/reports/sla-compliance", { query: { ...query, groupBy: "priority" } }),
      api.get<{ items: TrendItem[] }>("/reports/trends", { query }),
      api.get<{ items: AgingItem[] }>("/reports/aging", { query }),
    ])
      .then(([byDay, byPriority, trends, aging]) => current && setReports({ byDay: byDay.items, byPriority: byPriority.items, trends: trends.items, aging: aging.items }))
      .catch((err) => current && setError(errorText(err)));
    return () => {
      current = false;
    };
  }, [api, teamId, days]);

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
          <${Trends} items=${reports.trends} />
          <${Aging} items=${reports.aging} />
        `}
  `;
}

function ComplianceByDay({ items }: { items: ComplianceItem[] }) {
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
    <section class="report" aria-labelledby="report-compliance-day">
      <h2 id="report-compliance-day">SLA compliance by day</h2>
      <figure>
        <${Chart} options=${options} data=${data} summary=${summary} />
        <figcaption>${summary}</figcaption>
      </figure>
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
    </section>
  `;
}

function overall(items: ComplianceItem[], metric: string): string {
  let met = 0;
  let breached = 0;
  for (const item of items) {
    if (item.metric !== metric) continue;
    met += item.met;
    breached += item.breached;
  }
  return met + breached === 0 ? "no data" : `${percent(met / (met + breached))} (${met} of ${met + breached})`;
}

const cell = (item?: ComplianceItem) => (item ? `${percent(item.compliance)} (${item.met} met, ${item.breached} breached)` : "no data");

function ComplianceByPriority({ items }: { items: ComplianceItem[] }) {
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

function Trends({ items }: { items: TrendItem[] }) {
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
    <section class="report" aria-labelledby="report-trends">
      <h2 id="report-trends">Created, resolved and breached per day</h2>
      <figure>
        <${Chart} options=${options} data=${data} summary=${summary} />
        <figcaption>${summary}</figcaption>
      </figure>
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
    </section>
  `;
}

const ageWords = (item: AgingItem | undefined) => (item ? AGE_WORDS[item.bucket] : "");

function Aging({ items }: { items: AgingItem[] }) {
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
    <section class="report" aria-labelledby="report-aging">
      <h2 id="report-aging">Age of open tickets</h2>
      <figure>
        <${Chart} options=${options} data=${data} summary=${summary} />
        <figcaption>${summary}</figcaption>
      </figure>
      <table>
        <caption class="visually-hidden">Open tickets by age</caption>
        <thead><tr><th scope="col">Age</th><th scope="col">Open tickets</th></tr></thead>
        <tbody>${items.map((item) => html`<tr key=${item.bucket}><th scope="row">${AGE_WORDS[item.bucket]}</th><td>${item.count}</td></tr>`)}</tbody>
      </table>
    </section>
  `;
}
