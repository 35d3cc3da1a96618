import { createApp } from "./app";
import type { Bindings } from "./env";
import { BENCH_BASELINE_PATH, benchBaseline, benchEnabled } from "./routes/bench-baseline";

const app = createApp();

export default {
  fetch(request, env, ctx) {
    // Answered ahead of the app, so the bench's baseline pays for none of its middleware.
    if (benchEnabled(env) && new URL(request.url).pathname === BENCH_BASELINE_PATH) return benchBaseline(request, env);
    return app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Bindings>;
