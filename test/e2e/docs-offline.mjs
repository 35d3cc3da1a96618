// The API reference at /docs works with no network beyond the machine: builds public/docs/
// (scripts/build-docs.mjs), starts its own `wrangler dev` on a free loopback port (own state
// directory, so it disturbs no other run), and loads /docs in headless Chromium whose every request
// to a host other than 127.0.0.1/localhost is aborted and whose DNS resolves nothing else. Passes
// when the operations render (an `.opblock` per operation, "File a ticket" visible, expanded, and
// its "Try it out" shows the API's 401), the page carries a Content-Security-Policy without 'unsafe-inline' or another
// origin, and the browser reports no CSP violation, page error or off-machine request.
// Exits non-zero on failure.
//
//   node test/e2e/docs-offline.mjs                          # build, start wrangler dev, check, stop it
//   node test/e2e/docs-offline.mjs --url http://127.0.0.1:8795   # check a server already running
//
// Chromium: /usr/bin/chromium (apt-get install -y chromium), or the path in CHROMIUM_PATH.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { buildDocs } from "../../scripts/build-docs.mjs";
import { ROOT } from "../../scripts/lib/wrangler.mjs";

// The project's own wrangler, with nothing sent to Cloudflare (no metrics, no `request.cf` lookup).
const WRANGLER_BIN = createRequire(import.meta.url).resolve("wrangler/bin/wrangler.js");
const WRANGLER_ENV = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

const { values: args } = parseArgs({ options: { url: { type: "string" } } });
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const OPERATION = "File a ticket";
const TIMEOUT = 30_000;

const failures = [];
const fail = (message) => failures.push(message);

let server;
let stateDir;
let browser;
try {
  let base = args.url?.replace(/\/$/, "");
  if (!base) {
    await buildDocs();
    ({ server, base, stateDir } = await startWrangler());
  }
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // Nothing but loopback resolves, whatever asks for it (belt and braces to the route below).
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
    ],
  });
  await checkDocs(browser, base);
} catch (error) {
  fail(error instanceof Error ? error.stack ?? error.message : String(error));
} finally {
  await browser?.close().catch(() => {});
  await stopWrangler(server);
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`docs-offline: FAILED\n${failures.map((line) => `  - ${line}`).join("\n")}`);
  process.exit(1);
}
console.log("docs-offline: passed");

async function checkDocs(browser, base) {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const offMachine = [];
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === "data:" || url.protocol === "blob:" || LOOPBACK.has(url.hostname)) return route.continue();
    offMachine.push(url.href);
    return route.abort("internetdisconnected");
  });
  // Every CSP violation, as the page sees it (the console message is checked as well).
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "(inline)"}${event.sourceFile ? ` at ${event.sourceFile}:${event.lineNumber}` : ""}`);
    });
  });

  const page = await context.newPage();
  const consoleProblems = [];
  const failedRequests = [];
  page.on("console", (message) => {
    // The 401 of "Try it out" (expected, checked below) is logged as a failed load like any other.
    if (message.text().startsWith("Failed to load resource") && new URL(message.location().url || base).pathname.startsWith("/api/")) return;
    if (message.type() === "error" || /Content[- ]Security[- ]Policy/i.test(message.text())) consoleProblems.push(`${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => consoleProblems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => failedRequests.push(`${request.url()} (${request.failure()?.errorText})`));
  page.on("response", (response) => {
    // The page's own files; the API's answers to "Try it out" are checked on the page.
    if (response.status() >= 400 && !new URL(response.url()).pathname.startsWith("/api/")) failedRequests.push(`${response.url()} answered ${response.status()}`);
  });

  const response = await page.goto(`${base}/docs`, { waitUntil: "load", timeout: TIMEOUT });
  if (!response?.ok()) fail(`GET /docs ended on ${response?.status()} at ${page.url()}`);
  if (!/^\/docs\/?$/.test(new URL(page.url()).pathname)) fail(`GET /docs ended on ${page.url()}`);
  checkPolicy(response?.headers()["content-security-policy"]);

  await page.locator(".opblock").first().waitFor({ timeout: TIMEOUT });
  const operations = await page.locator(".opblock").count();
  const summary = page.locator(".opblock-summary-description", { hasText: OPERATION }).first();
  await summary.waitFor({ state: "visible", timeout: TIMEOUT });
  // Open one operation: its parameters, request body and responses render too (and their styles).
  await summary.click();
  await page.locator(".opblock.is-open .opblock-body").first().waitFor({ timeout: TIMEOUT });
  await page.locator(".opblock.is-open .responses-wrapper").first().waitFor({ timeout: TIMEOUT });
  const stylesApplied = await page.evaluate(() => getComputedStyle(document.querySelector(".opblock")).borderStyle !== "none");
  if (!stylesApplied) fail("swagger-ui.css is not applied");
  // "Try it out" calls the API from the page (connect-src 'self') and renders its answer: without a
  // token, the 401 error envelope.
  const open = page.locator(".opblock.is-open").first();
  await open.locator("button.try-out__btn").click();
  await open.locator("button.execute").click();
  const live = open.locator(".live-responses-table tbody .response-col_status").first();
  await live.waitFor({ timeout: TIMEOUT });
  const status = (await live.innerText()).trim();
  if (status !== "401") fail(`"Try it out" on ${OPERATION} showed status ${status}, expected 401`);
  await page.waitForTimeout(500);

  const violations = await page.evaluate(() => window.__cspViolations);
  for (const violation of violations) fail(`CSP violation: ${violation}`);
  for (const problem of consoleProblems) fail(`console ${problem}`);
  for (const request of failedRequests) fail(`request failed: ${request}`);
  for (const url of offMachine) fail(`request off the machine: ${url}`);
  if (failures.length === 0) console.log(`docs-offline: ${operations} operations rendered at ${page.url()}, "${OPERATION}" visible and expanded`);
  await context.close();
}

/** The page's policy: present, no 'unsafe-inline' (or eval), no origin but the page's own. */
function checkPolicy(policy) {
  if (!policy) return fail("GET /docs has no Content-Security-Policy header (public/_headers lacks the rules of docs-ui/_headers?)");
  console.log(`docs-offline: CSP ${policy}`);
  if (/'unsafe-(inline|eval)'/.test(policy)) fail(`the CSP allows unsafe code: ${policy}`);
  const sources = policy.split(";").flatMap((directive) => directive.trim().split(/\s+/).slice(1));
  const foreign = sources.filter((source) => !/^('[a-z-]+'|data:)$/.test(source));
  if (foreign.length > 0) fail(`the CSP names other origins: ${foreign.join(" ")}`);
  if (!/frame-ancestors 'none'/.test(policy)) fail("the CSP lacks frame-ancestors 'none'");
}

async function startWrangler() {
  const port = await freePort();
  const inspectorPort = await freePort();
  const stateDir = await mkdtemp(path.join(tmpdir(), "slaguard-docs-offline-"));
  const server = spawn(
    process.execPath,
    [WRANGLER_BIN, "dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspectorPort), "--persist-to", stateDir],
    { cwd: ROOT, env: WRANGLER_ENV, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  const output = [];
  server.stdout.on("data", (chunk) => output.push(chunk));
  server.stderr.on("data", (chunk) => output.push(chunk));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) break;
    const ready = await fetch(`${base}/openapi.json`).then((res) => res.ok, () => false);
    if (ready) return { server, base, stateDir };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await stopWrangler(server);
  await rm(stateDir, { recursive: true, force: true });
  throw new Error(`wrangler dev did not come up on ${base}:\n${Buffer.concat(output).toString().slice(-4000)}`);
}

/** Stops wrangler dev and the workerd it started (its own process group), by its pid. */
async function stopWrangler(server) {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-server.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
