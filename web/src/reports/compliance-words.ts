// SLA compliance in words, as the compliance reports' captions and table cells show it.
import type { ComplianceItem } from "../api/types";

const percent = (ratio: number | null) => (ratio === null ? "no data" : `${Math.round(ratio * 100)}%`);

/** The share of `metric` ("response" or "resolution") met in time over all `items`, with the counts. */
export function overall(items: ComplianceItem[], metric: string): string {
  let met = 0;
  let breached = 0;
  for (const item of items) {
    if (item.metric !== metric) continue;
    met += item.met;
    breached += item.breached;
  }
  return met + breached === 0 ? "no data" : `${percent(met / (met + breached))} (${met} of ${met + breached})`;
}

/** One table cell: the share met in time, with the met and breached counts. */
export const cell = (item?: ComplianceItem) => (item ? `${percent(item.compliance)} (${item.met} met, ${item.breached} breached)` : "no data");
