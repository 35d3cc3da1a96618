// The board follows the team's live room: a change made through the API shows without a reload,
// and changes made while the socket is down arrive once it is back (resumed with `since`).
import { editTicket, fileTicket, moveTicket } from "../lib/api.mjs";
import { cardTitle, dropSockets, isLive, liveBanner, liveState, ticketCard, ticketCards, waitForText } from "../lib/browser.mjs";
import { assert } from "../lib/checks.mjs";

/** What Chromium reports about requests and sockets tried while the network is cut (expected then). */
const OFFLINE_NOISE = /ERR_INTERNET_DISCONNECTED/;

export async function liveUpdate(suite) {
  const page = suite.boardPage();
  const session = suite.manager.session;
  const key = await ticketCards(page).first().getAttribute("data-ticket-key");
  const before = await session.call("GET", `/tickets/${key}`);
  suite.keepTitle(before);
  const title = cardTitle(ticketCard(page, key));
  await page.evaluate(() => {
    window.__e2eSamePage = true;
  });

  const changedTo = `${before.title} (edited by e2e ${suite.runId})`;
  const sent = Date.now();
  const changed = await editTicket(session, before.id, { title: changedTo });
  await waitForText(title, changedTo, { timeout: 5000 });
  const ms = Date.now() - sent;
  const version = await ticketCard(page, key).getAttribute("data-version");
  assert(version === String(changed.version), `the card shows version ${version}, the PATCH answered ${changed.version}`);
  assert(await page.evaluate(() => window.__e2eSamePage === true), "the page was reloaded");

  await editTicket(session, before.id, { title: before.title });
  await waitForText(title, before.title, { timeout: 5000 });
  return `${key}'s new title on the card ${ms} ms after the PATCH was sent, without a reload; restored`;
}

export async function reconnect(suite) {
  const page = suite.boardPage();
  const session = suite.manager.session;
  await isLive(page).waitFor({ timeout: 15_000 });
  const key = await ticketCards(page).first().getAttribute("data-ticket-key");
  const before = await session.call("GET", `/tickets/${key}`);
  suite.keepTitle(before);
  // A ticket of the run's own that will leave the board (resolved) while the socket is down.
  const leaving = await fileTicket(session, { title: `e2e: resolved while offline ${suite.runId}`, priority: "P3", teamId: suite.team.id });
  suite.removeTicket(leaving);
  await ticketCard(page, leaving.key).waitFor({ timeout: 10_000 });

  const mark = suite.problems.length;
  let arriving;
  const changedTo = `${before.title} (changed while offline ${suite.runId})`;
  try {
    await suite.context.setOffline(true);
    const dropped = await dropSockets(page);
    assert(dropped >= 1, "the page had no open socket to drop");
    await liveBanner(page).waitFor({ timeout: 10_000 });
    const status = await liveState(page).getAttribute("data-status");
    assert(status === "reconnecting", `while cut, the live state is ${status}`);
    await suite.shot(page, "reconnecting");

    // Three changes the page cannot hear of now: an edit, a departure and an arrival.
    await editTicket(session, before.id, { title: changedTo });
    await moveTicket(session, leaving.id, "resolved");
    arriving = await fileTicket(session, { title: `e2e: filed while offline ${suite.runId}`, priority: "P3", teamId: suite.team.id });
    suite.removeTicket(arriving);
    assert((await cardTitle(ticketCard(page, key)).textContent()) === before.title, "the board changed while its socket was down");
    assert((await ticketCard(page, arriving.key).count()) === 0, "a ticket filed while the socket was down is on the board already");
    assert(await liveBanner(page).isVisible(), "the banner went away while the network was still cut");
  } finally {
    await suite.context.setOffline(false);
  }

  const back = Date.now();
  await liveBanner(page).waitFor({ state: "detached", timeout: 20_000 });
  await isLive(page).waitFor({ timeout: 5000 });
  await waitForText(cardTitle(ticketCard(page, key)), changedTo, { timeout: 10_000 });
  await ticketCard(page, leaving.key).waitFor({ state: "detached", timeout: 10_000 });
  await ticketCard(page, arriving.key).waitFor({ timeout: 10_000 });
  const ms = Date.now() - back;
  // Failed requests and sockets while the network was cut are expected; anything else is not.
  const during = suite.problems.splice(mark);
  suite.problems.push(...during.filter((problem) => !OFFLINE_NOISE.test(problem)));

  await editTicket(session, before.id, { title: before.title });
  await waitForText(cardTitle(ticketCard(page, key)), before.title, { timeout: 5000 });
  await suite.removeNow(arriving);
  await suite.removeNow(leaving);
  await ticketCard(page, arriving.key).waitFor({ state: "detached", timeout: 10_000 });
  return `banner shown while cut; back online, the edit of ${key}, the departure of ${leaving.key} and the arrival of ${arriving.key} applied within ${ms} ms, banner gone; restored`;
}
