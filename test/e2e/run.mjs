// `npm run test:e2e` (or `node test/e2e/run.mjs [--url <origin>] [--update-docs-image] [--time-limit=<minutes>]`):
// the dashboard end to end, in the Chromium of the machine (/usr/bin/chromium or CHROMIUM_PATH,
// driven by playwright-core; no browser is ever downloaded).
//
// Starts `npm run dev` itself (bench/lib/dev-server.mjs: its own process group, refusing to start
// when something answers on 127.0.0.1:8787; migrates, seeds the demo organization, serves on 8787)
// and stops it whatever happens. Then, each a named check printed PASS or FAIL:
//   sign-in         the demo manager signs in through the labelled form; the Operations board opens
//                   live with every active ticket the API lists
//   live update     a title changed through the API shows on its card without a reload
//   countdown       a card's countdown changes its text within 2 s
//   reconnect       with the network cut and the socket dropped, the "Reconnecting…" banner shows;
//                   an edit, a departure and an arrival made meanwhile apply once it is back
//   drawer          a card opens the ticket's drawer with its SLA timeline
//   hostile title   a ticket titled <img src=x onerror=alert(1)> shows those characters, no <img>, no dialog
//   axe             @axe-core/playwright on sign-in, board, drawer, reports: 0 serious or critical
//   keyboard        sign in, reach a card, open and close its drawer by Tab/typing/Enter/Escape; the
//                   focus comes back to the card
//   docs offline    /docs renders its operations with the network cut (test/e2e/docs-offline.mjs)
//   page problems   no CSP violation, console or page error, failed request or dialog on any page
//   demo data       what the run changed is put back (titles restored, its tickets deleted; the
//                   team's key counter still moves on by a few numbers a run)
// Exits 1 when any check fails. The whole run is bounded (--time-limit, default 5 minutes).
// Screenshots go to test/e2e/artifacts/ (git-ignored) with the dev server's log; --update-docs-image
// also copies the board's screenshot to docs/board.png (the README's picture). --url runs the
// checks against a server already running (seeded with the demo organization) instead.
import { randomBytes } from "node:crypto";
import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { assertPortFree, DEV_ORIGIN, startDevServer, tailOf } from "../../bench/lib/dev-server.mjs";
import { ROOT } from "../../scripts/lib/wrangler.mjs";
import { apiSignIn, deleteTicket, editTicket } from "./lib/api.mjs";
import { launchChromium } from "./lib/browser.mjs";
import { createChecks, withTimeout } from "./lib/checks.mjs";
import { accessibility } from "./steps/accessibility.mjs";
import { countdownTicks } from "./steps/countdown.mjs";
import { docsOffline } from "./steps/docs-offline.mjs";
import { drawerTimeline } from "./steps/drawer.mjs";
import { hostileTitle } from "./steps/hostile-title.mjs";
import { keyboardOnly } from "./steps/keyboard.mjs";
import { liveUpdate, reconnect } from "./steps/live.mjs";
import { pageProblems } from "./steps/page-problems.mjs";
import { signInToBoard } from "./steps/sign-in.mjs";

const { values: args } = parseArgs({
  options: { url: { type: "string" }, "update-docs-image": { type: "boolean", default: false }, "time-limit": { type: "string", default: "5" } },
});
const ARTIFACTS = path.join(ROOT, "test", "e2e", "artifacts");
const SERVER_LOG = path.join(ARTIFACTS, "dev-server.log");
const DOCS_IMAGE = path.join(ROOT, "docs", "board.png");
const MANAGER = { email: "manager@demo.test", password: "demo-password-1" };
const TEAM_KEY = "OPS";
const LIMIT_MS = Number(args["time-limit"]) * 60_000;

const log = (line) => console.log(line);
const checks = createChecks({ log });
const children = new Set();
let server = null;
let browser = null;
let suite = null;

// Whatever hangs, the run ends by itself, and always with the dev server stopped.
const limit = setTimeout(() => {
  log(`FAIL  time limit: the run took over ${LIMIT_MS / 60_000} minutes`);
  void finish(1);
}, LIMIT_MS);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => void finish(1));
process.on("exit", () => server?.stopSync());
for (const event of ["uncaughtException", "unhandledRejection"]) {
  process.on(event, (error) => {
    log(`FAIL  the run itself: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
    void finish(1);
  });
}

let finishing = null;
/** Puts back the demo data if not done yet, closes the browser, stops the dev server, exits. */
function finish(code) {
  finishing ??= (async () => {
    clearTimeout(limit);
    if (suite && suite.pending.size > 0) await withTimeout(suite.cleanup(), 30_000, "cleanup timed out").catch((error) => log(`e2e: cleanup after the run failed: ${error.message}`));
    await withTimeout(browser?.close() ?? Promise.resolve(), 10_000, "browser close timed out").catch(() => {});
    for (const child of children) child.kill("SIGKILL");
    if (server) {
      log("e2e: stopping the dev server");
      await server.stop();
    }
    log(checks.summary());
    process.exit(code || (checks.failed > 0 ? 1 : 0));
  })();
  return finishing;
}

await mkdir(ARTIFACTS, { recursive: true });
const base = (args.url ?? DEV_ORIGIN).replace(/\/$/, "");
const ready = await checks.run(
  args.url ? `the server at ${base} answers` : "npm run dev starts (build, migrate, seed) and answers on 127.0.0.1:8787",
  async () => {
    if (!args.url) {
      await assertPortFree();
      server = startDevServer({ logFile: SERVER_LOG });
      await server.ready(180_000);
    }
    const health = await fetch(`${base}/health`);
    if (!health.ok) throw new Error(`GET /health answered ${health.status}`);
    browser = await launchChromium();
    const session = await apiSignIn(base, MANAGER.email, MANAGER.password);
    const { items: teams } = await session.call("GET", "/teams");
    const team = teams.find((each) => each.key === TEAM_KEY);
    if (!team) throw new Error(`the demo organization has no team ${TEAM_KEY}`);
    suite = createSuite({ base, browser, team, manager: { ...MANAGER, session } });
    return args.url ? `Chromium ${browser.version()}` : `dev server up (log: ${path.relative(ROOT, SERVER_LOG)}), Chromium ${browser.version()}`;
  },
  { timeoutMs: 200_000 },
).catch(() => false);

if (!ready) {
  if (server && server.groupAlive()) log(`e2e: the dev server's log ends:\n${tailOf(SERVER_LOG, 20)}`);
  await finish(1);
} else {
  await checks.run("sign in as the demo manager through the labelled form; the Operations board opens live with every active ticket", () => signInToBoard(suite));
  await checks.run("a title changed through the API shows on the board without a reload", () => liveUpdate(suite), { timeoutMs: 30_000 });
  await checks.run("a countdown ticks (its text changes within 2 s)", () => countdownTicks(suite), { timeoutMs: 30_000 });
  await checks.run("with the socket cut, the banner shows; the changes missed apply once it is back, and the banner goes", () => reconnect(suite));
  await checks.run("a card opens the drawer with the SLA timeline", () => drawerTimeline(suite), { timeoutMs: 30_000 });
  await checks.run("a hostile title (<img src=x onerror=alert(1)>) stays inert text", () => hostileTitle(suite), { timeoutMs: 30_000 });
  await checks.run("axe: no serious or critical violation on sign-in, board, drawer and reports", () => accessibility(suite), { timeoutMs: 90_000 });
  await checks.run("by keyboard alone: sign in, reach a card, open the drawer (Enter), close it (Escape), focus back on the card", () => keyboardOnly(suite));
  await checks.run("/docs renders its operations with the network cut", () => docsOffline(suite), { timeoutMs: 90_000 });
  await checks.run("no CSP violation, console or page error, failed request or dialog on any page", () => pageProblems(suite), { timeoutMs: 5000 });
  await checks.run("demo data as found: titles restored, the run's tickets deleted", () => suite.cleanup(), { timeoutMs: 30_000 });
  if (args["update-docs-image"]) {
    await checks.run(`the board's screenshot copied to ${path.relative(ROOT, DOCS_IMAGE)}`, async () => {
      if (!suite.boardShot) throw new Error("no screenshot of the board was taken");
      await mkdir(path.dirname(DOCS_IMAGE), { recursive: true });
      await copyFile(suite.boardShot, DOCS_IMAGE);
    });
  }
  await finish(checks.failed > 0 ? 1 : 0);
}

/** What the steps share: the server, the browser, the manager's API session, the board page, the cleanup. */
function createSuite({ base, browser, team, manager }) {
  /** What to put back, by name, in the order registered: each runs once, and only if still pending. */
  const pending = new Map();
  const session = manager.session;
  return {
    base,
    browser,
    team,
    manager,
    runId: randomBytes(3).toString("hex"),
    children,
    log,
    pending,
    page: null,
    context: null,
    problems: [],
    dialogs: [],
    watched: [],
    boardShot: null,
    boardPage() {
      if (!this.page || this.page.isClosed()) throw new Error("no board page: the sign-in check did not open it");
      return this.page;
    },
    watchPage(_page, name, problems, dialogs) {
      this.watched.push({ name, problems, dialogs });
    },
    async shot(page, name) {
      const file = path.join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    /** Puts `ticket`'s title back at the end (as first seen, whatever later steps saw). */
    keepTitle(ticket) {
      const name = `title of ${ticket.key}`;
      if (pending.has(name)) return;
      pending.set(name, async () => {
        const now = await session.call("GET", `/tickets/${ticket.id}`);
        if (now.title === ticket.title) return false;
        await editTicket(session, ticket.id, { title: ticket.title });
        return true;
      });
    },
    /** Deletes the run's `ticket` at the end unless removeNow did. */
    removeTicket(ticket) {
      pending.set(`ticket ${ticket.key}`, () => deleteTicket(session, ticket.id));
    },
    async removeNow(ticket) {
      await deleteTicket(session, ticket.id);
      pending.delete(`ticket ${ticket.key}`);
    },
    async cleanup() {
      const failures = [];
      const done = [];
      for (const [name, action] of [...pending]) {
        try {
          if ((await action()) !== false) done.push(name);
        } catch (error) {
          failures.push(`${name}: ${error.message}`);
        }
        pending.delete(name);
      }
      if (failures.length > 0) throw new Error(`could not put back:\n${failures.map((line) => `  ${line}`).join("\n")}`);
      return done.length === 0 ? "nothing left to put back" : `put back: ${done.join(", ")}`;
    },
  };
}
