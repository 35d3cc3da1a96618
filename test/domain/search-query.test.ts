import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { toFtsQuery } from "../../src/domain/search-query";

describe("toFtsQuery", () => {
  it("needs every word, each quoted as a phrase", () => {
    expect(toFtsQuery("printer  jams", false)).toBe('"printer" "jams"');
    expect(toFtsQuery("OPS-3", false)).toBe('"OPS-3"');
  });

  it("limits a requester's search to the columns a requester may read", () => {
    expect(toFtsQuery("vpn", true)).toBe('{key title description public_comments} : ("vpn")');
  });

  it("turns FTS5 syntax into plain words", () => {
    expect(toFtsQuery('say "hi" OR title:x NEAR(a b) foo*', false)).toBe('"say" "hi" "OR" "title:x" "NEAR(a" "b)" "foo*"');
  });

  it("splits words at control characters, which FTS5 would read as the end of its query", () => {
    expect(toFtsQuery("a\0NEAR\tb\u0007c", false)).toBe('"a" "NEAR" "b" "c"');
  });

  it("is undefined when nothing searchable is left", () => {
    for (const text of ["", "   ", '"" * - () : ^ +', "\u0301"]) expect(toFtsQuery(text, false)).toBeUndefined();
  });
});

// A real FTS5 table: the one the migrations create, in this file's own D1.
const SYNTAX = ["\u{1E900}", "\u{1F600}", '"', "*", "OR", "AND", "NOT", "NEAR(", "NEAR", ")", "(", "title:", "{", "}", ":", "^", "+", "-", "'", "\\", "\0", "café", "OPS-3", " ", ",", "-NEAR/2"];
const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.array(fc.constantFrom(...SYNTAX), { maxLength: 12 }).map((parts) => parts.join("")),
  fc.array(fc.constantFrom(...SYNTAX), { maxLength: 12 }).map((parts) => parts.join(" ")),
);

describe("toFtsQuery against FTS5", () => {
  beforeAll(async () => {
    await env.DB.prepare("INSERT INTO tickets_fts (rowid, key, title, description, public_comments, internal_comments) VALUES (1, 'OPS-3', 'Café printer', 'jams NEAR the door', 'or not', 'title: secret')").run();
  });

  it("never makes MATCH throw, whatever was typed", async () => {
    await fc.assert(
      fc.asyncProperty(anyText, fc.boolean(), async (text, publicOnly) => {
        const query = toFtsQuery(text, publicOnly);
        if (query === undefined) return;
        await env.DB.prepare("SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?").bind(query).all();
      }),
      { numRuns: 300 },
    );
  });

  it("matches the words typed, without diacritics, and leaves internal notes out for requesters", async () => {
    const hits = async (text: string, publicOnly: boolean) =>
      (await env.DB.prepare("SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?").bind(toFtsQuery(text, publicOnly)).all()).results.length;
    expect(await hits("cafe printer", true)).toBe(1);
    expect(await hits("ops-3", true)).toBe(1);
    expect(await hits("OPS-30", false)).toBe(0);
    expect(await hits("secret", false)).toBe(1);
    expect(await hits("secret", true)).toBe(0);
  });
});
