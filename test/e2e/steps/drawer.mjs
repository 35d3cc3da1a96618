// A card opens the ticket's drawer, a modal dialog named by the ticket, with its SLA timeline.
import { openDrawer } from "../lib/browser.mjs";
import { assert } from "../lib/checks.mjs";

export async function drawerTimeline(suite) {
  const page = suite.boardPage();
  const key = await page.locator('[data-testid="ticket-card"]:not([data-band="none"])').first().getAttribute("data-ticket-key");
  const drawer = await openDrawer(page, key);
  const name = await drawer.getAttribute("aria-labelledby").then((id) => page.locator(`#${id}`).textContent());
  assert(name.includes(key), `the drawer is named "${name}", not after ${key}`);
  const entries = drawer.getByTestId("sla-timeline").getByRole("listitem");
  const count = await entries.count();
  assert(count > 0, "the SLA timeline has no entries");
  const first = (await entries.first().textContent()).trim();
  assert(first.length > 0, "the SLA timeline's first entry is empty");
  await suite.shot(page, "drawer");
  await drawer.getByRole("button", { name: "Close" }).click();
  await drawer.waitFor({ state: "hidden", timeout: 5000 });
  return `${key}: ${count} timeline entries, the first "${first}"`;
}
