import { runLadderPass, type SteppedTicket } from "../jobs/ladder-pass";
import { runPassAutomations, type AutomatedChange } from "../jobs/pass-automations";
import { runRiskPass, type RaisedEvent } from "../jobs/risk-pass";
import { enqueueDeliveries } from "../notify/delivery-queue";
import { publishTo } from "./publish";
import { earliest } from "./room-alarm";
import { passRoomEvents, readTeam } from "./room-d1";
import { deliver } from "./room-fan-out";
import type { RoomParts } from "./room-parts";
import { checkStep, countChanges } from "./room-step-check";

/**
 * Raises the team's due SLA events and takes its due escalation steps (contract §4, §5), learns
 * when the next of either is due, and checks no publish was lost.
 */
export async function followD1(room: RoomParts, now: number): Promise<void> {
  const { env, store } = room;
  const teamId = store.get("teamId");
  if (teamId === undefined) return;
  let team = await readTeam(env.DB, teamId);
  const isDue = (at: number | undefined) => at !== undefined && at <= now;
  if (isDue(team.nextCrossingAt) || isDue(team.nextStepAt)) {
    const pass = isDue(team.nextCrossingAt) ? await runRiskPass(env.DB, now, { teamId, knownDue: true }) : undefined;
    const ladder = await runLadderPass(env.DB, now, { teamId });
    await enqueueDeliveries(env.DELIVERIES, [...(pass?.deliveryIds ?? []), ...ladder.deliveryIds]);
    const escalated = [...(pass?.escalated ?? []), ...ladder.stepped];
    await publishRaised(room, pass?.raised ?? [], escalated, now);
    await publishAutomated(room, teamId, await runPassAutomations(env, pass?.raised ?? [], escalated, now));
    team = await readTeam(env.DB, teamId);
  }
  store.put("dueNext", earliest(team.nextCrossingAt, team.nextStepAt));
  await checkStep(room, teamId, team.committed, now);
}

/** Delivers what passes raised and escalated for the team, each with its ticket as at `now`. */
export async function publishRaised(room: RoomParts, raised: readonly RaisedEvent[], escalated: readonly SteppedTicket[], now: number): Promise<void> {
  for (const event of await passRoomEvents(room.env.DB, raised, escalated, new Date(now))) deliver(room, event);
  // Counted whether or not the ticket still exists: D1 counted each.
  countChanges(room.store, raised.length + escalated.length);
}

/** What the automations of the raised events changed: this room delivers its own, other rooms get theirs. */
async function publishAutomated(room: RoomParts, teamId: string, changes: readonly AutomatedChange[]): Promise<void> {
  for (const change of changes) {
    if (change.teamId !== teamId) await publishTo(room.env.TEAM_ROOM, change.teamId, change.event);
    else {
      deliver(room, change.event);
      countChanges(room.store, 1);
    }
  }
}
