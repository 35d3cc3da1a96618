// Over the whole run, no page complained: no CSP violation, console error, page error, failed
// request of the page's own, or dialog (those expected while the network was cut are left out).
import { assert } from "../lib/checks.mjs";

export function pageProblems(suite) {
  const lines = [];
  for (const { name, problems, dialogs } of suite.watched) {
    for (const problem of problems) lines.push(`${name}: ${problem}`);
    for (const dialog of dialogs) lines.push(`${name}: dialog ${dialog}`);
  }
  assert(lines.length === 0, `the pages reported:\n${lines.map((line) => `  ${line}`).join("\n")}`);
  return `${suite.watched.length} pages watched, nothing reported`;
}
