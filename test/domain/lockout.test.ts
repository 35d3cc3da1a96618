import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { afterFailedLogin, isLocked, LOCKOUT_MS, MAX_FAILED_LOGINS, needsReset, UNLOCKED, type LockoutState } from "../../src/domain/lockout";

const T0 = Date.parse("2031-01-01T00:00:00.000Z");

type Step = { at: number; failed: boolean; applied: boolean; state: LockoutState };

/** Runs sign-ins (failed or not), each `gap` ms after the last, as the login service would. */
function run(events: { failed: boolean; gap: number }[]): Step[] {
  let state: LockoutState = UNLOCKED;
  let at = T0;
  return events.map(({ failed, gap }) => {
    at += gap;
    const now = new Date(at);
    // The service refuses a locked account before checking the password, success or not.
    const applied = !isLocked(state, now);
    if (applied) state = failed ? afterFailedLogin(state, now) : UNLOCKED;
    return { at, failed, applied, state };
  });
}

function newlyLocked(trace: Step[], i: number): boolean {
  const until = trace[i]!.state.lockedUntil;
  return until !== null && until.getTime() !== trace[i - 1]?.state.lockedUntil?.getTime();
}

// Mostly failures, and gaps either short or close to a lock's length, so locks are set and run out.
const gap = fc.oneof(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: LOCKOUT_MS - 2, max: LOCKOUT_MS + 2 }));
const quickEvents = fc.array(fc.record({ failed: fc.constantFrom(true, true, true, false), gap }), { maxLength: 40 });

describe("lockout", () => {
  it("locks on the 5th consecutive failure, for exactly 15 minutes from it", () => {
    let state: LockoutState = UNLOCKED;
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
      state = afterFailedLogin(state, new Date(T0 + i));
      expect(state).toEqual({ failedLogins: i, lockedUntil: null });
    }
    state = afterFailedLogin(state, new Date(T0 + 5));
    expect(state).toEqual({ failedLogins: 5, lockedUntil: new Date(T0 + 5 + LOCKOUT_MS) });
    expect(isLocked(state, new Date(T0 + 5 + LOCKOUT_MS - 1))).toBe(true);
    expect(isLocked(state, new Date(T0 + 5 + LOCKOUT_MS))).toBe(false);
  });

  it("locks exactly when the 5th consecutive counted failure since a success or a lock happens", () => {
    fc.assert(
      fc.property(quickEvents, (events) => {
        const trace = run(events);
        return trace.every((step, i) => {
          const lastFive = trace.slice(0, i + 1).filter((s) => s.applied).slice(-MAX_FAILED_LOGINS);
          const fifthInARow =
            step.applied &&
            lastFive.length === MAX_FAILED_LOGINS &&
            lastFive.every((s) => s.failed) &&
            lastFive.slice(0, -1).every((s) => s.state.lockedUntil === null);
          return newlyLocked(trace, i) === fifthInARow;
        });
      }),
    );
  });

  it("always ends a lock exactly 15 minutes after the failure that set it", () => {
    fc.assert(
      fc.property(quickEvents, (events) => {
        const trace = run(events);
        return trace.every((step, i) => !newlyLocked(trace, i) || step.state.lockedUntil!.getTime() === step.at + LOCKOUT_MS);
      }),
    );
  });

  it("keeps a running lock as it is when a failure arrives anyway", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: LOCKOUT_MS - 1 }), (into) => {
        const locked = { failedLogins: 5, lockedUntil: new Date(T0 + LOCKOUT_MS) };
        return afterFailedLogin(locked, new Date(T0 + into)) === locked;
      }),
    );
  });

  it("counts afresh from one once a lock has run out", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * LOCKOUT_MS }), (after) => {
        const expired = { failedLogins: 5, lockedUntil: new Date(T0) };
        expect(afterFailedLogin(expired, new Date(T0 + after))).toEqual({ failedLogins: 1, lockedUntil: null });
      }),
    );
  });

  it("tells whether a success has anything to clear", () => {
    expect(needsReset(UNLOCKED)).toBe(false);
    expect(needsReset({ failedLogins: 2, lockedUntil: null })).toBe(true);
    expect(needsReset({ failedLogins: 0, lockedUntil: new Date(T0) })).toBe(true);
  });
});
