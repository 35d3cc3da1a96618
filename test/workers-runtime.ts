import path from "node:path";
import { fileURLToPath } from "node:url";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";

/** The repository's root, for the vitest configs (this file sits in test/). */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// Far above anything a test sends: the limiter's windows follow the wall clock, which no test should race.
const ROOMY = { simple: { limit: 1_000_000_000, period: 60 as const } };

/**
 * The Workers runtime as wrangler.toml has it, plus the test bindings (`extra` adds more). Deliveries
 * go to a queue nobody consumes (`queueName`): a test hands them to the real queue() handler itself,
 * at the instant and attempt it chooses, instead of racing the local broker. `roomy` lifts the rate limits.
 */
export function workersRuntime(options: { migrations: unknown; roomy: boolean; queueName: string; extra?: Record<string, string> }) {
  return cloudflareTest({
    wrangler: { configPath: path.join(root, "wrangler.toml") },
    miniflare: {
      bindings: {
        ENVIRONMENT: "test",
        JWT_SECRET: "test-only-jwt-secret-0123456789abcdef",
        PASSWORD_PEPPER: "test-only-pepper",
        TEST_MIGRATIONS: options.migrations,
        ...options.extra,
      },
      queueProducers: { DELIVERIES: { queueName: options.queueName } },
      ...(options.roomy ? { ratelimits: { API_RATE_LIMITER: ROOMY, LOGIN_RATE_LIMITER: ROOMY } } : {}),
    },
  });
}
