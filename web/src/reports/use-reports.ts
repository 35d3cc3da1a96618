// The four reports for a team (or all the teams the user can see) over the last `days` days,
// loaded together and again whenever the choice changes; a stale answer is dropped.
import { useEffect, useState } from "preact/hooks";
import type { AgingItem, ComplianceItem, TrendItem } from "../api/types";
import { useApp } from "../context";
import { errorText } from "../ui/errors";

interface Reports {
  byDay: ComplianceItem[];
  byPriority: ComplianceItem[];
  trends: TrendItem[];
  aging: AgingItem[];
}

/** The local date `days` before today, as the reports' `from`/`to` take it. */
function isoDay(daysAgo: number): string {
  const day = new Date();
  day.setDate(day.getDate() - daysAgo);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, "0")}-${String(day.getDate()).padStart(2, "0")}`;
}

export function useReports(teamId: string, days: number) {
  const { api } = useApp();
  const [reports, setReports] = useState<Reports | null>(null);
  const [error, setError] = useState<string | null>(null);

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

  return { reports, error };
}
