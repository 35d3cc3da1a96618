import { createApp } from "./app";
import type { Bindings } from "./env";
import { runRiskPass } from "./jobs/risk-pass";
import { BENCH_BASELINE_PATH, benchBaseline, benchEnabled } from "./routes/bench-baseline";

export { TeamRoom } from "./live/team-room";

const app = createApp();

export default {
  fetch(request, env, ctx) {
    // Answered ahead of the app, so the bench's baseline pays for none of its middleware.
    if (benchEnabled(env) && new URL(request.url).pathname === BENCH_BASELINE_PATH) return benchBaseline(request, env);
    return app.fetch(request, env, ctx);
  },
  // The five-minute cron of wrangler.toml. The pass takes the trigger's scheduled instant as its
  // clock (never Date.now()), so tests and the bench drive it with the time they choose.
  async scheduled(controller, env) {
    await runRiskPass(env.DB, controller.scheduledTime);
  },
} satisfies ExportedHandler<Bindings>;
