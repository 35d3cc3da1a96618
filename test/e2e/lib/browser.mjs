// Page helpers for browser tests of the dashboard (web/, contract §11): a headless Chromium from the
// machine (never a downloaded one), a watch on what the page complains about, and the dashboard's
// stable handles (roles, labels, data-testid) in one place.
//
//   const browser = await launchChromium();
//   const page = await (await browser.newContext()).newPage(); // a context of its own: @axe-core/playwright needs one
//   const problems = watchProblems(page);
//   await signIn(page, "http://127.0.0.1:8796", "manager@demo.test", "demo-password-1");
//   const card = ticketCard(page, "OPS-1");
//   console.log(await countdownOf(card).textContent(), await bandOf(card).textContent());
import { chromium } from "playwright-core";

/** Chromium as apt installs it (apt-get install -y chromium), or the path in CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export function launchChromium({ args = [], ...options } = {}) {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, ...args], ...options });
}

/**
 * Collects what should never happen on the dashboard: CSP violations (Chromium reports them as
 * console errors "Refused to …"), other console errors, uncaught page errors, and failed requests
 * to the page's own origin. Read the array at the end of a test.
 */
export function watchProblems(page) {
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => {
    // A socket the page itself closes (sign-out, team switch) is no failure.
    if (request.resourceType() !== "websocket") problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ""}`);
  });
  return problems;
}

/** Signs in through the form and waits for the board (or the "no board" page) to show. */
export async function signIn(page, base, email, password) {
  await page.goto(`${base}/`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

/** The board of the team named `teamName`: a list labelled by the team's name. */
export const boardList = (page, teamName) => page.getByRole("list", { name: teamName, exact: true });

/** Every card on the board (each a listitem carrying data-ticket-key, data-version and data-band). */
export const ticketCards = (page) => page.getByTestId("ticket-card");

/** The card of the ticket with this key (OPS-12). */
export const ticketCard = (page, key) => page.locator(`[data-testid="ticket-card"][data-ticket-key="${key}"]`);

/** A card's countdown (<time data-kind="running|paused|overdue|none">) and its band's name. */
export const countdownOf = (card) => card.getByTestId("countdown");
export const bandOf = (card) => card.getByTestId("band");

/** The "Reconnecting…" banner, present only while the live room is out of reach. */
export const liveBanner = (page) => page.getByTestId("live-banner");

/** "Live", "Connecting…" or "Offline", with data-status live|connecting|reconnecting. */
export const liveState = (page) => page.getByTestId("live-state");

/** Opens a ticket's drawer (a modal dialog named by the ticket's key and title) and answers it. */
export async function openDrawer(page, key) {
  await ticketCard(page, key).getByRole("button").click();
  const drawer = page.getByRole("dialog");
  await drawer.getByTestId("sla-timeline").waitFor();
  return drawer;
}

/** The team picker's <select> (label "Team") on the board. */
export const teamPicker = (page) => page.getByLabel("Team", { exact: true });

/** The notifications bell; its accessible name carries the unread count ("Notifications, 3 unread"). */
export const bell = (page) => page.getByTestId("bell");

/** A card's title line (the ticket's title as text). */
export const cardTitle = (card) => card.locator(".card-title");

/**
 * Keeps every WebSocket the page opens in `window.__e2eSockets` (a Proxy of the constructor: the
 * class, its prototype and constants stay the page's own), so that a test can drop the live room's
 * socket as a network would (`dropSockets`). Call before the page loads: `await installSocketTracker(context)`.
 */
export function installSocketTracker(context) {
  return context.addInitScript(() => {
    const Native = window.WebSocket;
    window.__e2eSockets = [];
    window.WebSocket = new Proxy(Native, {
      construct(target, args, newTarget) {
        const socket = Reflect.construct(target, args, newTarget);
        window.__e2eSockets.push(socket);
        return socket;
      },
    });
  });
}

/** Closes every socket of the page still open (see installSocketTracker); answers how many. */
export function dropSockets(page) {
  return page.evaluate(() => {
    const open = window.__e2eSockets.filter((socket) => socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING);
    for (const socket of open) socket.close(4000, "e2e: connection cut");
    return open.length;
  });
}

/** Every `dialog` (alert, confirm, prompt, beforeunload) the page opens, dismissed at once. */
export function watchDialogs(page) {
  const dialogs = [];
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  return dialogs;
}

/**
 * Waits until `locator`'s text content satisfies `predicate` (a string: equals it), polling in the
 * page on every animation frame; `timeout` in ms. Answers the text.
 */
export async function waitForText(locator, predicate, { timeout = 5000 } = {}) {
  const expected = typeof predicate === "string" ? predicate : null;
  const test = typeof predicate === "string" ? (text) => text === predicate : predicate;
  const deadline = Date.now() + timeout;
  let text = null;
  while (Date.now() < deadline) {
    text = await locator.textContent({ timeout: Math.max(1, deadline - Date.now()) }).catch(() => null);
    if (text !== null && test(text)) return text;
    await locator.page().evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
  }
  throw new Error(`waited ${timeout} ms for ${locator} to read ${expected !== null ? JSON.stringify(expected) : "as expected"}; it reads ${JSON.stringify(text)}`);
}

/** The live state once it reads "Live" (the room's socket is open). */
export const isLive = (page) => page.locator('[data-testid="live-state"][data-status="live"]');

/**
 * Presses Tab until `predicate` (run in the page) holds, at most `max` times; answers the presses.
 * Throws, naming `what` and where the focus is, when it never holds.
 */
export async function tabUntil(page, predicate, max, what) {
  for (let presses = 1; presses <= max; presses += 1) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(predicate)) return presses;
  }
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120) ?? "nothing");
  throw new Error(`${max} presses of Tab did not reach ${what}; the focus is on ${focused}`);
}

/** Opens `team`'s board (a fresh browser opens the first team the user may watch) and waits until it is live. */
export async function openTeamBoard(page, team) {
  const picker = teamPicker(page);
  await picker.waitFor();
  if ((await picker.inputValue()) !== team.id) await picker.selectOption(team.id);
  await boardList(page, team.name).waitFor();
  await isLive(page).waitFor();
}
