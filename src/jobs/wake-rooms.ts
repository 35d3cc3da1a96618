import { createDb } from "../db/client";
import { teamsCrossingBy } from "../db/sla-metrics";
import type { TeamRoom } from "../live/team-room";
import type { RaisedEvent } from "./risk-pass";

/** Rooms called per cron run at most: each call is a subrequest, and a run has a budget of them. */
export const MAX_ROOMS_PER_RUN = 500;
/** Rooms called at once. */
const CONCURRENCY = 50;

/**
 * After a cron pass (the safety net of contract §4): hands each team room the events the pass raised
 * for its team, and wakes the rooms of teams with a crossing due before the next run (`until`, ms),
 * so that a room that is cold, or missed the write that set its crossing, arms its alarm from D1 in
 * time. Each room then follows D1 on its own. Answers how many rooms were called.
 */
export async function wakeRooms(rooms: DurableObjectNamespace<TeamRoom>, d1: D1Database, raised: readonly RaisedEvent[], until: number): Promise<number> {
  const byTeam = new Map<string, RaisedEvent[]>();
  for (const event of raised) byTeam.set(event.teamId, [...(byTeam.get(event.teamId) ?? []), event]);
  for (const { team_id } of await teamsCrossingBy(createDb(d1), until, MAX_ROOMS_PER_RUN)) if (!byTeam.has(team_id)) byTeam.set(team_id, []);

  const teams = [...byTeam].slice(0, MAX_ROOMS_PER_RUN);
  if (byTeam.size > teams.length) console.warn(JSON.stringify({ event: "sla_rooms_skipped", skipped: byTeam.size - teams.length }));
  for (let i = 0; i < teams.length; i += CONCURRENCY) {
    const calls = teams.slice(i, i + CONCURRENCY).map(([teamId, events]) => rooms.get(rooms.idFromName(teamId)).catchUp(teamId, events));
    for (const [index, result] of (await Promise.allSettled(calls)).entries()) {
      // A room that missed its events notices from D1 at its next look and resyncs.
      if (result.status === "rejected") console.error(JSON.stringify({ event: "sla_room_wake_failed", teamId: teams[i + index]![0], error: String(result.reason) }));
    }
  }
  return teams.length;
}
