// How long a dropped live socket waits before its next try. Pure: unit-tested in test/web/.

const FIRST_MS = 1000;
const MAX_MS = 30_000;

/**
 * 1 s, 2 s, 4 s … up to 30 s, each less up to a fifth at random (`random` in [0, 1)): after an
 * outage, a team's dashboards do not all come back in the same instant.
 */
export function reconnectDelay(attempt: number, random: number): number {
  const ceiling = Math.min(MAX_MS, FIRST_MS * 2 ** Math.max(0, attempt));
  return Math.round(ceiling * (1 - 0.2 * random));
}
