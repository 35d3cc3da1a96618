import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BoundedMap } from "../../src/domain/bounded-map";

describe("BoundedMap", () => {
  it("never holds more than its limit, and always holds the newest `limit` keys set (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 60 }), (limit, keys) => {
        const map = new BoundedMap<number, number>(limit);
        keys.forEach((key, index) => map.set(key, index));
        expect(map.size).toBeLessThanOrEqual(limit);
        // The model: keys by their last setting, newest first; the first `limit` are held, with their last value.
        const lastSet = new Map<number, number>();
        keys.forEach((key, index) => lastSet.set(key, index));
        const newest = [...lastSet].sort((a, b) => b[1] - a[1]);
        for (const [key, index] of newest.slice(0, limit)) expect(map.get(key)).toBe(index);
        for (const [key] of newest.slice(limit)) expect(map.get(key)).toBeUndefined();
      }),
    );
  });

  it("forgets a deleted key", () => {
    const map = new BoundedMap<string, number>(2);
    map.set("a", 1);
    map.delete("a");
    expect(map.get("a")).toBeUndefined();
    expect(map.size).toBe(0);
  });
});
