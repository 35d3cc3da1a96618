// By keyboard alone (Tab, typing, Enter, Escape): sign in, reach a card, open its drawer, close it,
// and find the focus back on the card.
import { tabUntil, watchDialogs, watchProblems } from "../lib/browser.mjs";
import { assert } from "../lib/checks.mjs";

export async function keyboardOnly(suite) {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    suite.watchPage(page, "keyboard page", watchProblems(page), watchDialogs(page));
    await page.goto(`${suite.base}/`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();

    let presses = await tabUntil(page, () => document.activeElement?.id === "sign-in-email", 10, "the email field");
    await page.keyboard.type(suite.manager.email);
    presses += await tabUntil(page, () => document.activeElement?.id === "sign-in-password", 1, "the password field");
    await page.keyboard.type(suite.manager.password);
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Sign out" }).waitFor({ timeout: 15_000 });
    await page.getByTestId("ticket-card").first().waitFor({ timeout: 15_000 });

    presses += await tabUntil(page, () => document.activeElement?.classList.contains("card-open") ?? false, 60, "a card");
    const key = await page.evaluate(() => document.activeElement.closest("[data-ticket-key]").dataset.ticketKey);
    await page.keyboard.press("Enter");
    const drawer = page.getByRole("dialog");
    await drawer.waitFor({ timeout: 5000 });
    await page.waitForFunction(() => document.querySelector("dialog[open]")?.contains(document.activeElement) ?? false, null, { timeout: 5000 });
    const drawerKey = await drawer.locator(".drawer-key").textContent({ timeout: 10_000 });
    assert(drawerKey === key, `Enter on ${key}'s card opened the drawer of ${drawerKey}`);
    await drawer.getByTestId("sla-timeline").or(drawer.getByText("No SLA policy governs this ticket.")).waitFor({ timeout: 10_000 });

    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "hidden", timeout: 5000 });
    await page
      .waitForFunction((expected) => document.activeElement?.classList.contains("card-open") && document.activeElement.closest("[data-ticket-key]")?.dataset.ticketKey === expected, key, { timeout: 5000 })
      .catch(async () => {
        const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
        throw new Error(`after Escape the focus is on ${focused}, not on ${key}'s card`);
      });
    return `signed in and reached ${key}'s card in ${presses} Tabs; Enter opened its drawer (focus inside), Escape closed it and the focus is back on the card`;
  } finally {
    await context.close();
  }
}
