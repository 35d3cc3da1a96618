import path from "node:path";
import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(root, "migrations"));
  return {
    plugins: [
      cloudflareTest({
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
        },
      }),
    ],
    test: {
      root,
      include: ["test/**/*.test.ts"],
      setupFiles: ["./test/apply-migrations.ts"],
      // Real peers for the notification channels, in Node: an SMTP server and an HTTP receiver.
      globalSetup: ["./test/setup/smtp-server.ts", "./test/setup/webhook-receiver.ts"],
    },
  };
});
