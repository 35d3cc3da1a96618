import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";
import { tsImport } from "tsx/esm/api";
import { ROOT, runWrangler } from "../lib/wrangler.mjs";
import * as demo from "./demo-data.mjs";
import { toSql } from "./to-sql.mjs";

// The Worker's own code, so a seeded password verifies exactly as one set through the API would.
const { hashPassword } = await tsImport("../../src/auth/password.ts", import.meta.url);
const { passwordPepper } = await tsImport("../../src/config.ts", import.meta.url);
// ...and its SLA code, so seeded calendars, policies and clocks are what the API would have stored.
const { getTableColumns } = await import("drizzle-orm");
const { slaMetrics } = await tsImport("../../src/db/schema.ts", import.meta.url);
const { checkCalendar } = await tsImport("../../src/domain/calendar-rules.ts", import.meta.url);
const { addBusinessMs, businessMsBetween } = await tsImport("../../src/domain/business-calendar.ts", import.meta.url);
const { meetClock } = await tsImport("../../src/domain/sla-clock.ts", import.meta.url);
const { clocksAfterMove, startClocks } = await tsImport("../../src/domain/sla-lifecycle.ts", import.meta.url);
const { clockRows, governanceAmong } = await tsImport("../../src/services/sla-clocks.ts", import.meta.url);
// ...and its state machine, so every seeded status change is one the API would have accepted.
const { planStatusChange } = await tsImport("../../src/domain/ticket-status.ts", import.meta.url);

const sla = {
  checkCalendar, addBusinessMs, businessMsBetween, planStatusChange, meetClock, clocksAfterMove, clockRows, governanceAmong, startClocks,
  /** sla_metrics' column names by drizzle key (`pausedMs` → `paused_ms`). */
  metricColumns: Object.fromEntries(Object.entries(getTableColumns(slaMetrics)).map(([key, column]) => [key, column.name])),
};

/** The pepper `wrangler dev` will hand the Worker: PASSWORD_PEPPER from .dev.vars, else the dev default. */
function devPepper() {
  const devVars = path.join(ROOT, ".dev.vars");
  const vars = existsSync(devVars) ? parseEnv(readFileSync(devVars, "utf8")) : {};
  return passwordPepper({ ENVIRONMENT: "development", PASSWORD_PEPPER: vars.PASSWORD_PEPPER });
}

/**
 * Inserts the demo organization and its last month into the local D1; rows already there are kept
 * as they are, so a second run (on any day) adds nothing.
 */
export async function seedDemo() {
  const pepper = devPepper();
  const hashes = await Promise.all(demo.users.map(async (user) => [user.id, await hashPassword(demo.DEMO_PASSWORD, pepper)]));
  const file = path.join(ROOT, ".wrangler", "seed.sql");
  mkdirSync(path.dirname(file), { recursive: true });
  const { sql, history } = toSql(demo, { passwordHashes: new Map(hashes), now: Date.now(), sla });
  writeFileSync(file, sql);
  await runWrangler(["d1", "execute", "DB", "--local", "--file", file], { quiet: true });
  console.log(
    `Demo organization in place (${demo.users.length} users, ${demo.teams.length} teams, ${demo.tickets.length} tickets with their SLA clocks, ` +
      `${demo.policies.length} SLA policies, ${demo.calendars.length} business-hours calendar) and its last ${demo.history.days} days: ` +
      `${history.tickets} more tickets (${history.done} resolved or closed, ${history.open} still open, ${history.reopened} reopened; ` +
      `${history.breaches} SLA breaches among ${history.events} SLA events); sign in as admin@demo.test / ${demo.DEMO_PASSWORD}.`,
  );
}
