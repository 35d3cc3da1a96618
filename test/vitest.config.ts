import path from "node:path";
import { readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { root, workersRuntime } from "./workers-runtime";

// The limits of contract §1 are tested in their own files, with wrangler.toml's bindings as they
// are. Elsewhere one signed-in user makes hundreds of requests a minute, so the other files get
// limits no test reaches.
const RATE_LIMIT_TESTS = ["test/rate-limits.test.ts"];
const QUEUE = "slaguard-deliveries-under-test";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(root, "migrations"));
  const shared = { root, setupFiles: ["./test/apply-migrations.ts"] };
  return {
    test: {
      root,
      // Real peers for the notification channels, in Node: an SMTP server and an HTTP receiver.
      globalSetup: ["./test/setup/smtp-server.ts", "./test/setup/webhook-receiver.ts"],
      projects: [
        {
          plugins: [workersRuntime({ migrations, roomy: true, queueName: QUEUE })],
          test: { ...shared, name: "workers", include: ["test/**/*.test.ts"], exclude: ["test/fuzz/**", ...RATE_LIMIT_TESTS] },
        },
        { plugins: [workersRuntime({ migrations, roomy: false, queueName: QUEUE })], test: { ...shared, name: "rate-limits", include: RATE_LIMIT_TESTS } },
      ],
    },
  };
});
