import type { Database } from "../db/client";
import { policiesWithCalendars, type PolicyWithCalendar } from "../db/sla-governance";
import type { MetricRow } from "../db/sla-metrics";
import type { slaCalendars } from "../db/schema";
import type { BusinessCalendar } from "../domain/business-calendar";
import { matchPolicy, type PolicyTarget } from "../domain/policy-match";
import type { Governance, TicketClocks } from "../domain/sla-lifecycle";
import { countedMs } from "../domain/sla-clock";
import { scheduleOf } from "../domain/sla-schedule";

type CalendarRow = typeof slaCalendars.$inferSelect;


export const toCalendar = (row: Pick<CalendarRow, "timezone" | "hours" | "holidays"> | null): BusinessCalendar =>
  row ? { timezone: row.timezone, hours: row.hours, holidays: row.holidays } : null;

/** The governance of the most specific of `candidates` for a ticket (contract §4), if any applies. */
export function governanceAmong(candidates: readonly PolicyWithCalendar[], ticket: PolicyTarget): Governance | undefined {
  const policy = matchPolicy(candidates.map((row) => row.policy), ticket);
  if (!policy) return undefined;
  const calendar = candidates.find((row) => row.policy.id === policy.id)?.calendar ?? null;
  return {
    policyId: policy.id,
    calendarId: policy.calendarId,
    calendar: toCalendar(calendar),
    responseMinutes: policy.responseMinutes,
    resolutionMinutes: policy.resolutionMinutes,
    dueSoonMinutes: policy.dueSoonMinutes,
  };
}

/** The most specific policy for a ticket; undefined when the organization has none for its priority. */
export async function governanceOf(db: Database, orgId: string, ticket: PolicyTarget): Promise<Governance | undefined> {
  return governanceAmong(await policiesWithCalendars(db, orgId, ticket.priority), ticket);
}


const date = (ms: number | null) => (ms === null ? null : new Date(ms));

/** The rows that store a ticket's clocks with their schedules as of `now`. */
export function clockRows(ticket: { id: string; orgId: string; teamId: string }, governance: Governance, clocks: TicketClocks, now: number): MetricRow[] {
  return (["response", "resolution"] as const).map((metric) => {
    const clock = clocks[metric];
    const schedule = scheduleOf(governance.calendar, clock, governance.dueSoonMinutes, now);
    return {
      ticketId: ticket.id,
      metric,
      orgId: ticket.orgId,
      teamId: ticket.teamId,
      policyId: governance.policyId,
      calendarId: governance.calendarId,
      targetMinutes: clock.targetMinutes,
      dueSoonMinutes: governance.dueSoonMinutes,
      startedAt: new Date(clock.startedAt),
      pausedMs: clock.pausedMs,
      pausedSince: date(clock.pausedSince),
      metAt: date(clock.metAt),
      metElapsedMs: clock.metAt === null ? null : countedMs(governance.calendar, clock, clock.metAt),
      dueAt: date(schedule.dueAt),
      warningAt: date(schedule.warningAt),
      highRiskAt: date(schedule.highRiskAt),
      dueSoonAt: date(schedule.dueSoonAt),
      breachedAt: date(schedule.breachedAt),
      nextCrossingAt: date(schedule.nextCrossingAt),
    };
  });
}
