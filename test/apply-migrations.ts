import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Runs once per test file: each file gets its own isolated D1, migrated like production.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
