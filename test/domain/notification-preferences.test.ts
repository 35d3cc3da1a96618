import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MANDATORY_IN_APP, NOTIFICATION_EVENTS } from "../../src/domain/notification-events";
import { DEFAULT_CHOICE, mergePreferences, preferencesOf } from "../../src/domain/notification-preferences";
import { MAX_ATTEMPTS, retryDelaySeconds, webhookFailedTooLong } from "../../src/domain/delivery-schedule";

const event = fc.constantFrom(...NOTIFICATION_EVENTS);
const partialChoice = fc.record({ inApp: fc.boolean(), email: fc.boolean() }, { requiredKeys: [] });
const change = fc.dictionary(event, partialChoice, { maxKeys: 5 });

describe("notification preferences", () => {
  it("answers every event, stored choices over the defaults, ignoring events that no longer exist", () => {
    const prefs = preferencesOf([
      { event: "sla.warning", inApp: false, email: false },
      { event: "ticket.teleported", inApp: false, email: false },
    ]);
    expect(Object.keys(prefs)).toEqual([...NOTIFICATION_EVENTS]);
    expect(prefs["sla.warning"]).toEqual({ inApp: false, email: false });
    expect(prefs["ticket.created"]).toEqual(DEFAULT_CHOICE);
  });

  it("a merge changes the channels it names and nothing else, or refuses a mandatory in-app copy", () => {
    fc.assert(
      fc.property(change, (wanted) => {
        const current = preferencesOf([]);
        const merged = mergePreferences(current, wanted);
        const refused = MANDATORY_IN_APP.filter((name) => wanted[name]?.inApp === false);
        if (!merged.ok) {
          expect(merged.mandatory).toEqual(refused);
          return;
        }
        expect(refused).toEqual([]);
        for (const name of NOTIFICATION_EVENTS) expect(merged.preferences[name]).toEqual({ ...current[name], ...wanted[name] });
        for (const name of MANDATORY_IN_APP) expect(merged.preferences[name].inApp).toBe(true);
      }),
    );
  });
});

describe("the delivery schedule", () => {
  it("waits about 10 s, 1 min, 5 min, 30 min, 2 h, 6 h, and allows seven attempts", () => {
    expect([1, 2, 3, 4, 5, 6].map(retryDelaySeconds)).toEqual([10, 60, 300, 1800, 7200, 21600]);
    expect(MAX_ATTEMPTS).toBe(7);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), (n) => {
        expect(retryDelaySeconds(n + 1)).toBeGreaterThanOrEqual(retryDelaySeconds(n));
      }),
    );
  });

  it("disables a webhook after 24 hours of failures, not a minute before", () => {
    const day = 24 * 3_600_000;
    expect(webhookFailedTooLong(null, 10 * day)).toBe(false);
    expect(webhookFailedTooLong(0, day - 60_000)).toBe(false);
    expect(webhookFailedTooLong(0, day)).toBe(true);
  });
});
