// A title that is markup stays text: on the card and in the drawer, the characters show, no <img>
// is made, and no dialog opens (the page's dialogs are watched for the whole run).
import { fileTicket } from "../lib/api.mjs";
import { cardTitle, ticketCard } from "../lib/browser.mjs";
import { assert } from "../lib/checks.mjs";

export const HOSTILE_TITLE = "<img src=x onerror=alert(1)>";

export async function hostileTitle(suite) {
  const page = suite.boardPage();
  const ticket = await fileTicket(suite.manager.session, { title: HOSTILE_TITLE, description: HOSTILE_TITLE, priority: "P4", teamId: suite.team.id });
  suite.removeTicket(ticket);
  const card = ticketCard(page, ticket.key);
  await card.waitFor({ timeout: 10_000 });
  const shown = await cardTitle(card).textContent();
  assert(shown === HOSTILE_TITLE, `the card's title reads ${JSON.stringify(shown)}`);
  assert((await card.locator("img").count()) === 0, "the card holds an <img>");

  await card.getByRole("button").click();
  const drawer = page.getByRole("dialog");
  await drawer.locator("#drawer-title", { hasText: HOSTILE_TITLE }).waitFor({ timeout: 10_000 });
  await drawer.locator(".description", { hasText: HOSTILE_TITLE }).waitFor({ timeout: 10_000 });
  assert((await drawer.locator("img").count()) === 0, "the drawer holds an <img>");
  await suite.shot(page, "hostile-title");
  await page.keyboard.press("Escape");
  await drawer.waitFor({ state: "hidden", timeout: 5000 });

  assert((await page.locator('img[src="x"]').count()) === 0, 'the page holds an <img src="x">');
  assert(suite.dialogs.length === 0, `a dialog opened: ${suite.dialogs.join("; ")}`);
  await suite.removeNow(ticket);
  await card.waitFor({ state: "detached", timeout: 10_000 });
  return `${ticket.key} shows ${HOSTILE_TITLE} as text on its card and in its drawer; no <img>, no dialog`;
}
