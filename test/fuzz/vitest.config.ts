import path from "node:path";
import { readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { root, workersRuntime } from "../workers-runtime";

// The sweep's knobs come from the shell; workerd sees no process.env, so they travel as bindings.
const FUZZ_SEED = process.env.FUZZ_SEED ?? "20261120";
const FUZZ_RUNS = process.env.FUZZ_RUNS ?? "200";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(root, "migrations"));
  return {
    // The limiters must not answer 429 in place of the operation under test.
    plugins: [workersRuntime({ migrations, roomy: true, queueName: "slaguard-deliveries-under-fuzz", extra: { FUZZ_SEED, FUZZ_RUNS } })],
    test: {
      root,
      include: ["test/fuzz/**/*.test.ts"],
      setupFiles: ["./test/apply-migrations.ts"],
      // One operation's cases are one test: the default 5 s would cut it short. About 10 ms a case,
      // so FUZZ_RUNS sets the budget, with a wide margin for a loaded machine.
      testTimeout: Math.max(600_000, Number(FUZZ_RUNS) * 500),
      hookTimeout: 120_000,
    },
  };
});
