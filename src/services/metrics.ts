import type { Database } from "../db/client";
import { readMetricCounts } from "../db/metrics";
import type { MetricFamily } from "../domain/prometheus-text";
import { compliance } from "../domain/report-figures";
import { RISK_BANDS } from "../domain/risk";

/** How far back `slaguard_sla_compliance_ratio` looks, as the contract's reports do. */
export const COMPLIANCE_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

// riskRankAt answers a rank 0–3, or null for a ticket with no clock to judge.
const riskLabel = (rank: number | null) => (rank === null ? "none" : RISK_BANDS[rank]!);

/**
 * The operator's view of the whole deployment at `now`, every organization together, as the
 * metric families of `GET /metrics` (contract §8). `team` is the team's id: keys repeat across
 * organizations. A combination with nothing to count has no sample rather than a 0, and a team
 * and metric with no clock completed in the window has no compliance sample, since a ratio of
 * nothing has no value and Prometheus has no null.
 */
export async function collectMetrics(db: Database, now: Date): Promise<MetricFamily[]> {
  const at = now.getTime();
  const [open, completed, events, escalated, delivered] = await readMetricCounts(db, at, { from: at - COMPLIANCE_WINDOW_MS, to: at });
  return [
    {
      name: "slaguard_open_tickets",
      type: "gauge",
      help: "Tickets not resolved or closed, by team id, priority and current risk band (none: no SLA clock).",
      samples: open.map((row) => ({ labels: { team: row.teamId, priority: row.priority, risk: riskLabel(row.rank) }, value: row.count })),
    },
    {
      name: "slaguard_sla_compliance_ratio",
      type: "gauge",
      help: "SLA clocks met in time over those met in time or breached in the last 30 days, by team id and metric.",
      // Every row counts at least one completed clock, so the ratio is never null.
      samples: completed.map((row) => ({ labels: { team: row.teamId, metric: row.metric }, value: compliance(row)! })),
    },
    {
      name: "slaguard_sla_events_total",
      type: "counter",
      help: "SLA band crossings recorded, by team id and band.",
      samples: events.map((row) => ({ labels: { team: row.teamId, band: row.band }, value: row.count })),
    },
    {
      name: "slaguard_escalations_total",
      type: "counter",
      help: "Escalation steps taken, by team id.",
      samples: escalated.map((row) => ({ labels: { team: row.teamId }, value: row.count })),
    },
    {
      name: "slaguard_notification_deliveries_total",
      type: "counter",
      help: "Email and webhook deliveries, by channel and current status.",
      samples: delivered.map((row) => ({ labels: { channel: row.channel, status: row.status }, value: row.count })),
    },
  ];
}
