// The demo manager signs in through the labelled form and the board of Operations opens, live,
// with every active ticket of the team on it.
import { allItems } from "../lib/api.mjs";
import { installSocketTracker, openTeamBoard, signIn, ticketCards, watchDialogs, watchProblems } from "../lib/browser.mjs";
import { assert } from "../lib/checks.mjs";

const ACTIVE = "new,open,in_progress,pending";

/** Opens the suite's main page (suite.page), signed in on the board of suite.team. */
export async function signInToBoard(suite) {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await installSocketTracker(context);
  const page = await context.newPage();
  suite.context = context;
  suite.page = page;
  suite.problems = watchProblems(page);
  suite.dialogs = watchDialogs(page);
  suite.watchPage(page, "board page", suite.problems, suite.dialogs);

  await page.goto(`${suite.base}/`);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await suite.shot(page, "sign-in");
  await signIn(page, suite.base, suite.manager.email, suite.manager.password);

  await openTeamBoard(page, suite.team);

  const expected = await allItems(suite.manager.session, "/tickets", { teamId: suite.team.id, status: ACTIVE });
  const cards = ticketCards(page);
  // Pages beyond the snapshot (over 500 tickets) may still be on their way: wait for the count.
  await page.waitForFunction((count) => document.querySelectorAll('[data-testid="ticket-card"]').length === count, expected.length, { timeout: 10_000 }).catch(() => {});
  const shown = await cards.evaluateAll((items) => items.map((item) => item.dataset.ticketKey));
  const missing = expected.filter((ticket) => !shown.includes(ticket.key)).map((ticket) => ticket.key);
  assert(missing.length === 0 && shown.length === expected.length, `the board shows ${shown.length} cards, the API lists ${expected.length} active tickets (missing: ${missing.join(", ") || "none"})`);
  assert(new URL(page.url()).pathname === "/", `the board is at ${page.url()}`);
  // The board's socket carries a one-time ticket, never the access token (contract §7).
  const socketUrls = await page.evaluate(() => window.__e2eSockets.map((socket) => socket.url));
  const query = new URL(socketUrls.at(-1) ?? "ws://none/").searchParams;
  assert(query.has("ticket") && !query.has("access_token"), `the board's socket opened ${socketUrls.at(-1) ?? "nothing"}`);
  await page.mouse.move(0, 0); // no card under the pointer (hovered) in the picture
  suite.boardShot = await suite.shot(page, "board");
  return `${shown.length} cards on the ${suite.team.name} board, live over a socket opened with a one-time ticket`;
}
