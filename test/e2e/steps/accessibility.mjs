// axe-core on the sign-in page, the board, the drawer and the reports: no serious or critical
// violation (the others are printed, not failed).
import AxeBuilder from "@axe-core/playwright";
import { openDrawer, openTeamBoard, signIn, watchDialogs, watchProblems } from "../lib/browser.mjs";
import { assert } from "../lib/checks.mjs";

const BLOCKING = new Set(["serious", "critical"]);

export async function accessibility(suite) {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    suite.watchPage(page, "axe page", watchProblems(page), watchDialogs(page));
    const findings = [];
    const scan = async (where) => {
      const { violations } = await new AxeBuilder({ page }).analyze();
      for (const violation of violations) {
        const nodes = violation.nodes.map((node) => node.target.join(" ")).slice(0, 3).join(", ");
        findings.push({ where, impact: violation.impact, line: `${where}: ${violation.impact} ${violation.id} (${violation.help}) at ${nodes}${violation.nodes.length > 3 ? ", …" : ""}` });
      }
      return violations.length;
    };

    await page.goto(`${suite.base}/`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await scan("sign-in");

    await signIn(page, suite.base, suite.manager.email, suite.manager.password);
    await openTeamBoard(page, suite.team);
    await scan("board");

    const key = await page.locator('[data-testid="ticket-card"]:not([data-band="none"])').first().getAttribute("data-ticket-key");
    const drawer = await openDrawer(page, key);
    await scan("drawer");
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "hidden" });

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports" }).click();
    await page.getByRole("heading", { name: "Age of open tickets" }).waitFor({ timeout: 15_000 });
    await page.locator(".report canvas").first().waitFor();
    await scan("reports");
    await suite.shot(page, "reports");

    const blocking = findings.filter((finding) => BLOCKING.has(finding.impact));
    for (const finding of findings.filter((each) => !BLOCKING.has(each.impact))) suite.log(`      note: ${finding.line}`);
    assert(blocking.length === 0, `serious or critical violations:\n${blocking.map((finding) => `  ${finding.line}`).join("\n")}`);
    return `sign-in, board, drawer, reports: 0 serious or critical violations, ${findings.length} other`;
  } finally {
    await context.close();
  }
}
