/**
 * The sockets a run holds on a team's live room, in one set: whatever phase the run is in when an
 * abort or the time limit strikes, `terminateAll()` ends them, so no socket keeps the process or
 * the room busy.
 */
import { closeLiveSockets, openLiveSockets, terminateLiveSockets, wallNow } from "./live-sockets.mjs";

/** Below this many sockets, opening is quick enough that progress lines would only be noise. */
const PROGRESS_FROM = 200;
const PROGRESS_EVERY = 250;

export function teamSockets(api, { parallel, step }) {
  const live = new Set();
  return {
    /** Opens `count` sockets on the team, `parallel` at a time; resolves with `{ sockets, failures, openSeconds }`. */
    async open(teamId, count, onEvent) {
      const started = wallNow();
      let lastShown = 0;
      const opened = await openLiveSockets(api.liveUrl(teamId), count, {
        parallel,
        onEvent,
        onProgress: (ok, failed) => {
          if (count >= PROGRESS_FROM && ok + failed - lastShown >= PROGRESS_EVERY) {
            lastShown = ok + failed;
            step(`  ${ok} of ${count} sockets open${failed ? `, ${failed} failed` : ""}`);
          }
        },
      });
      for (const state of opened.sockets) live.add(state);
      return { ...opened, openSeconds: (wallNow() - started) / 1000 };
    },
    async close(sockets) {
      await closeLiveSockets(sockets);
      for (const state of sockets) live.delete(state);
    },
    terminateAll() {
      terminateLiveSockets([...live]);
      live.clear();
    },
  };
}
