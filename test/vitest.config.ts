import path from "node:path";
import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// The limits of contract §1 are tested in their own files, with wrangler.toml's bindings as they
// are. Elsewhere one signed-in user makes hundreds of requests a minute, so the other files get
// limits no test reaches: the limiter's windows follow the wall clock, which no test should race.
const RATE_LIMIT_TESTS = ["test/rate-limits.test.ts"];
const ROOMY = { simple: { limit: 1_000_000_000, period: 60 } };

/** The Workers runtime as wrangler.toml has it, plus the test bindings; `roomy` lifts the rate limits. */
function workers(migrations: unknown, roomy: boolean) {
  return cloudflareTest({
    wrangler: { configPath: path.join(root, "wrangler.toml") },
    miniflare: {
      bindings: {
        ENVIRONMENT: "test",
        JWT_SECRET: "test-only-jwt-secret-0123456789abcdef",
        PASSWORD_PEPPER: "test-only-pepper",
        TEST_MIGRATIONS: migrations,
      },
      // Deliveries go to a queue nobody consumes: a test hands them to the real queue() handler
      // itself, at the instant and attempt it chooses, instead of racing the local broker.
      queueProducers: { DELIVERIES: { queueName: "slaguard-deliveries-under-test" } },
      ...(roomy ? { ratelimits: { API_RATE_LIMITER: ROOMY, LOGIN_RATE_LIMITER: ROOMY } } : {}),
    },
  });
}

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
          plugins: [workers(migrations, true)],
          test: { ...shared, name: "workers", include: ["test/**/*.test.ts"], exclude: ["test/fuzz/**", ...RATE_LIMIT_TESTS] },
        },
        { plugins: [workers(migrations, false)], test: { ...shared, name: "rate-limits", include: RATE_LIMIT_TESTS } },
      ],
    },
  };
});
