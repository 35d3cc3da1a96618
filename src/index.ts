import { createApp } from "./app";
import type { Bindings } from "./env";
import { consumeDeliveries } from "./jobs/deliver";
import { runLadderPass } from "./jobs/ladder-pass";
import { runRiskPass } from "./jobs/risk-pass";
import { sweepDeliveries } from "./jobs/sweep-deliveries";
import { wakeRooms } from "./jobs/wake-rooms";
import { enqueueDeliveries, type DeliveryMessage } from "./notify/delivery-queue";
import { runPassAutomations } from "./jobs/pass-automations";
import { publishTo } from "./live/publish";
import { BENCH_BASELINE_PATH, benchBaseline, benchEnabled } from "./routes/bench-baseline";

export { TeamRoom } from "./live/team-room";

const app = createApp();

export default {
  fetch(request, env, ctx) {
    // Answered ahead of the app, so the bench's baseline pays for none of its middleware.
    if (benchEnabled(env) && new URL(request.url).pathname === BENCH_BASELINE_PATH) return benchBaseline(request, env);
    return app.fetch(request, env, ctx);
  },
  // The five-minute cron of wrangler.toml, the safety net of the team rooms' on-time alarms (SLA
  // crossings and escalation steps) and of the delivery queue. The pass takes the trigger's scheduled instant as its clock (never
  // Date.now()), so tests and the bench drive it with the time they choose; then the rooms it
  // touched are called, its deliveries queued, and deliveries whose message was lost queued again.
  async scheduled(controller, env) {
    const pass = await runRiskPass(env.DB, controller.scheduledTime);
    const ladder = await runLadderPass(env.DB, controller.scheduledTime);
    await enqueueDeliveries(env.DELIVERIES, [...pass.deliveryIds, ...ladder.deliveryIds]);
    const escalated = [...pass.escalated, ...ladder.stepped];
    await wakeRooms(env.TEAM_ROOM, pass.raised, escalated);
    for (const change of await runPassAutomations(env, pass.raised, escalated, controller.scheduledTime)) await publishTo(env.TEAM_ROOM, change.teamId, change.event);
    await sweepDeliveries(env, controller.scheduledTime);
  },
  // Deliveries and their dead letters (wrangler.toml [[queues.consumers]]).
  async queue(batch, env) {
    await consumeDeliveries(batch as MessageBatch<DeliveryMessage>, env);
  },
} satisfies ExportedHandler<Bindings>;
