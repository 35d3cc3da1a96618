/**
 * What the board bench watches inside the page, installed with `context.addInitScript(boardProbe,
 * { target })` before the dashboard's own code runs (no change to the app):
 *
 * - `cardsAt`: performance.now() when the board first holds `target` cards (`.card` elements,
 *   counted on every DOM mutation through a live HTMLCollection); `firstCardAt` for the first one.
 *   performance.now() counts from the navigation's start; `submitAt` is when the sign-in form was
 *   submitted, for a first render measured from sign-in.
 * - `messages`: every WebSocket message as it reaches the page (`onmessage` on WebSocket.prototype
 *   is wrapped, so the instant is taken before the app's handler runs; the data is kept as is and
 *   parsed only when read), while `recording`.
 * - `titles`: every change of a card's title text (a MutationObserver on characterData and
 *   childList), with its ticket id and the instant, while `recording`.
 */
export function boardProbe({ target }) {
  const probe = { target, submitAt: null, firstCardAt: null, cardsAt: null, recording: false, messages: [], titles: [] };
  window.__boardProbe = probe;

  document.addEventListener("submit", () => (probe.submitAt = performance.now()), true);

  const native = Object.getOwnPropertyDescriptor(WebSocket.prototype, "onmessage");
  Object.defineProperty(WebSocket.prototype, "onmessage", {
    configurable: true,
    enumerable: native.enumerable,
    get() {
      return native.get.call(this);
    },
    set(handler) {
      if (typeof handler !== "function") return native.set.call(this, handler);
      native.set.call(this, function timed(event) {
        const at = performance.now();
        const result = handler.call(this, event);
        if (probe.recording) probe.messages.push({ at, data: event.data });
        return result;
      });
    },
  });

  const cards = document.getElementsByClassName("card");
  const titleOf = (node) => {
    const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    if (!element?.classList?.contains("card-title")) return null;
    return { id: element.closest("[data-ticket-id]")?.dataset.ticketId ?? null, text: element.textContent };
  };
  new MutationObserver((records) => {
    const now = performance.now();
    if (probe.firstCardAt === null && cards.length > 0) probe.firstCardAt = now;
    if (probe.cardsAt === null && probe.target > 0 && cards.length >= probe.target) probe.cardsAt = now;
    if (!probe.recording) return;
    for (const record of records) {
      if (record.type !== "characterData" && record.type !== "childList") continue;
      const title = titleOf(record.target);
      if (title) probe.titles.push({ ...title, at: now });
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
}
