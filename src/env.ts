import type { Database } from "./db/client";
import type { AccountCheck } from "./http/account-check";
import type { Role } from "./domain/roles";

/** The signed-in caller, as loaded fresh from D1 on every request. */
export type Caller = { id: string; orgId: string; role: Role };

/**
 * Worker bindings plus the secrets `wrangler secret put` adds (not in wrangler.toml). Without
 * METRICS_TOKEN, `GET /metrics` does not exist (src/routes/metrics.ts).
 */
export type Bindings = Env & { JWT_SECRET?: string; PASSWORD_PEPPER?: string; SMTP_USER?: string; SMTP_PASS?: string; METRICS_TOKEN?: string };

export type AppEnv = {
  Bindings: Bindings;
  Variables: { requestId: string; now: Date; db: Database; caller: Caller; accountCheck?: AccountCheck; tokenExpiresAt?: number };
};
