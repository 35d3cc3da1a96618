// A card's countdown ticks: a P1 ticket of the run's own (response due in 15 min, so the countdown
// shows seconds) changes its text within 2 s.
import { fileTicket } from "../lib/api.mjs";
import { countdownOf, ticketCard, waitForText } from "../lib/browser.mjs";
import { assert } from "../lib/checks.mjs";

export async function countdownTicks(suite) {
  const page = suite.boardPage();
  const ticket = await fileTicket(suite.manager.session, { title: `e2e: countdown ${suite.runId}`, priority: "P1", teamId: suite.team.id });
  suite.removeTicket(ticket);
  const countdown = countdownOf(ticketCard(page, ticket.key));
  await countdown.waitFor({ timeout: 10_000 });
  const kind = await countdown.getAttribute("data-kind");
  assert(kind === "running", `the countdown of ${ticket.key} is ${kind}, not running`);
  const first = await countdown.textContent();
  const started = Date.now();
  const next = await waitForText(countdown, (text) => text !== first, { timeout: 2000 });
  const ms = Date.now() - started;
  await suite.removeNow(ticket);
  await ticketCard(page, ticket.key).waitFor({ state: "detached", timeout: 10_000 });
  return `${ticket.key}: "${first}" became "${next}" after ${ms} ms`;
}
