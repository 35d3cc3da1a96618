import type { Database } from "../db/client";
import { timezoneOf } from "../db/organizations";
import type { ReportScope } from "../db/reports/scope";
import { findActiveMember, findTeamInOrg } from "../db/teams";
import { parseIsoDate, reportRange, type ReportRange } from "../domain/report-range";
import type { Priority } from "../domain/ticket-fields";
import { offsetSegments, type OffsetSegment } from "../domain/zone-offsets";
import type { Caller } from "../env";
import { ApiError } from "../http/errors";

/** The filters every report takes (contract §8), as validated by the route. */
export type ReportFilters = { teamId?: string; priority?: Priority; from?: string; to?: string };

/** What a report reads: whose tickets, which dates, and the zone's offsets over them. */
export type ReportFrame = { scope: ReportScope; range: ReportRange; zone: string; segments: OffsetSegment[]; now: number };

/** A `YYYY-MM-DD` that names a real date, or a 400 naming the field. */
function dateParam(path: "from" | "to", text: string | undefined) {
  if (text === undefined) return undefined;
  const date = parseIsoDate(text);
  if (!date) throw ApiError.validation([{ path, message: "Not a real calendar date (YYYY-MM-DD)." }]);
  return date;
}

/**
 * The frame of a report for the caller: managers and admins see the organization, agents the
 * teams they belong to, requesters nothing (403). A team of another organization is missing
 * (404); one an agent is not in is refused (403).
 */
export async function reportFrame(db: Database, caller: Caller, filters: ReportFilters, now: Date): Promise<ReportFrame> {
  if (caller.role === "requester") throw ApiError.forbidden("Reports are for agents, managers and admins.");
  const memberOf = caller.role === "agent" ? caller.id : undefined;
  const frame = await frameOf(db, { orgId: caller.orgId, memberOf, teamId: filters.teamId, priority: filters.priority }, filters, now);
  if (filters.teamId && memberOf && !(await findActiveMember(db, caller.orgId, filters.teamId, memberOf))) {
    throw ApiError.forbidden("Agents see the reports of their own teams only.");
  }
  return frame;
}

/** The frame of `scope` over the filters' dates (a 400 naming a bad one), its team checked to be the organization's (404). */
export async function frameOf(db: Database, scope: ReportScope, filters: ReportFilters, now: Date): Promise<ReportFrame> {
  const [from, to] = [dateParam("from", filters.from), dateParam("to", filters.to)];
  const [zone, team] = await Promise.all([timezoneOf(db, scope.orgId), scope.teamId ? findTeamInOrg(db, scope.orgId, scope.teamId) : undefined]);
  if (scope.teamId && !team) throw ApiError.notFound("team");
  const range = reportRange(zone, now.getTime(), from, to);
  if ("path" in range) throw ApiError.validation([range]);
  return { scope, range, zone, segments: offsetSegments(zone, range.start, range.end), now: now.getTime() };
}
