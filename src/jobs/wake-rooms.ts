import type { TeamRoom } from "../live/team-room";
import type { SteppedTicket } from "./ladder-pass";
import type { RaisedEvent } from "./risk-pass";

/** Rooms called per cron run at most: each call is a subrequest, and a run has a budget of them. */
export const MAX_ROOMS_PER_RUN = 500;
/** Rooms called at once. */
const CONCURRENCY = 50;

/**
 * After the cron's passes (the safety net of contract §4 and §5): hands each team room the events
 * they raised and the tickets they escalated for its team. An event the cron raised is one the room's alarm did not raise on time (a cold room,
 * or a write whose publish, with its crossing, was lost), so the room then reads its team from D1
 * and arms its alarm again. Rooms without events are not called: a quiet run stays one index seek.
 * Answers how many rooms were called.
 */
export async function wakeRooms(rooms: DurableObjectNamespace<TeamRoom>, raised: readonly RaisedEvent[], escalated: readonly SteppedTicket[] = []): Promise<number> {
  const byTeam = new Map<string, { raised: RaisedEvent[]; escalated: SteppedTicket[] }>();
  const of = (teamId: string) => byTeam.get(teamId) ?? byTeam.set(teamId, { raised: [], escalated: [] }).get(teamId)!;
  for (const event of raised) of(event.teamId).raised.push(event);
  for (const step of escalated) of(step.teamId).escalated.push(step);
  const teams = [...byTeam].slice(0, MAX_ROOMS_PER_RUN);
  // The rest find out at their next look at D1 (their count of changes is short) and resync.
  if (byTeam.size > teams.length) console.warn(JSON.stringify({ event: "sla_rooms_skipped", skipped: byTeam.size - teams.length }));
  for (let i = 0; i < teams.length; i += CONCURRENCY) {
    const calls = teams.slice(i, i + CONCURRENCY).map(([teamId, events]) => rooms.get(rooms.idFromName(teamId)).catchUp(teamId, events.raised, events.escalated));
    for (const [index, result] of (await Promise.allSettled(calls)).entries()) {
      if (result.status === "rejected") console.error(JSON.stringify({ event: "sla_room_wake_failed", teamId: teams[i + index]![0], error: String(result.reason) }));
    }
  }
  return teams.length;
}
