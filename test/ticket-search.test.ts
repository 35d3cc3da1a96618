import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { api, expectError, type Session } from "./helpers";
import { fileTicket, ticketOrg, type Team } from "./ticket-fixtures";

let admin: Session;
let agent: Session;
let outsider: Session;
let requester: Session;
let otherRequester: Session;
let ops: Team;
let desk: Team;
const opsKeys: string[] = [];

beforeAll(async () => {
  ({ admin, agent, outsider, requester, otherRequester, ops, desk } = await ticketOrg("Search Co"));
  // Filed one after another so that the keys are OPS-1 … OPS-4 in order.
  for (const title of ["Printer jams", "Monitor flickers", "Keyboard sticky", "Mouse lost"]) opsKeys.push((await fileTicket(requester, ops.id, { title })).key);
});

const search = async (session: Session, query: string) => {
  const res = await api("GET", `/api/v1/tickets?${query.startsWith("q=") ? query : `q=${encodeURIComponent(query)}`}`, { token: session.accessToken });
  expect(res.status, res.text).toBe(200);
  return (res.json.items as { key: string; id: string }[]).map((ticket) => ticket.key);
};
const comment = async (session: Session, ticketId: string, body: string, isPublic = true) => {
  const res = await api("POST", `/api/v1/tickets/${ticketId}/comments`, { token: session.accessToken, body: { body, public: isPublic } });
  expect(res.status, res.text).toBe(201);
};

describe("searching tickets with q", () => {
  it("finds a ticket by its key, in any letter case, and no other", async () => {
    expect(opsKeys).toEqual(["OPS-1", "OPS-2", "OPS-3", "OPS-4"]);
    expect(await search(admin, "OPS-3")).toEqual(["OPS-3"]);
    expect(await search(requester, "ops-3")).toEqual(["OPS-3"]);
  });

  it("finds a ticket by a word of its title or of its description, every word being required", async () => {
    const ticket = await fileTicket(requester, ops.id, { title: "Projector humming", description: "The ceiling unit in room Aquarius buzzes" });
    expect(await search(agent, "humming")).toEqual([ticket.key]);
    expect(await search(agent, "aquarius")).toEqual([ticket.key]);
    expect(await search(agent, "projector aquarius")).toEqual([ticket.key]);
    expect(await search(agent, "projector printer")).toEqual([]);
  });

  it("follows an edit of the title", async () => {
    const ticket = await fileTicket(requester, ops.id, { title: "Old wording" });
    await api("PATCH", `/api/v1/tickets/${ticket.id}`, { token: agent.accessToken, body: { title: "Tangerine screen" } });
    expect(await search(agent, "tangerine")).toEqual([ticket.key]);
    expect(await search(agent, "wording")).toEqual([]);
  });

  it("finds a word that only a public comment contains, for staff and the requester", async () => {
    const ticket = await fileTicket(requester, ops.id, { title: "Laptop slow" });
    await comment(agent, ticket.id, "Replaced the thermalpaste on the CPU");
    expect(await search(agent, "thermalpaste")).toEqual([ticket.key]);
    expect(await search(requester, "thermalpaste")).toEqual([ticket.key]);
  });

  it("never matches an internal note for the requester, even on their own ticket; staff do match it", async () => {
    const ticket = await fileTicket(requester, ops.id, { title: "Badge reader" });
    await comment(agent, ticket.id, "Vendor calls this firmware flibbertigibbet", false);
    expect(await search(agent, "flibbertigibbet")).toEqual([ticket.key]);
    expect(await search(admin, "flibbertigibbet badge")).toEqual([ticket.key]);
    expect(await search(requester, "flibbertigibbet")).toEqual([]);
    expect(await search(requester, "badge flibbertigibbet")).toEqual([]);
    expect(await search(requester, "badge")).toEqual([ticket.key]);
  });

  it("searches only the tickets the caller may see", async () => {
    const ticket = await fileTicket(otherRequester, ops.id, { title: "Quokka sticker on laptop" });
    expect(await search(agent, "quokka")).toEqual([ticket.key]);
    expect(await search(requester, "quokka")).toEqual([]);
    expect(await search(outsider, "quokka")).toEqual([]);
  });

  it("ignores diacritics in both directions", async () => {
    const café = await fileTicket(requester, desk.id, { title: "Café machine leaks" });
    const naive = await fileTicket(requester, desk.id, { title: "Naive resume parser" });
    expect(await search(admin, "cafe")).toEqual([café.key]);
    expect(await search(admin, "CAFÉ")).toEqual([café.key]);
    expect(await search(admin, "naïve résumé")).toEqual([naive.key]);
  });

  it("combines q with the other filters", async () => {
    const urgent = await fileTicket(admin, ops.id, { title: "Wombat alarm", priority: "P1", category: "hardware", assigneeId: agent.user.id });
    const calm = await fileTicket(admin, ops.id, { title: "Wombat alarm", priority: "P4", category: "hardware" });
    const elsewhere = await fileTicket(admin, desk.id, { title: "Wombat alarm", priority: "P1" });
    const keys = (list: string[]) => [...list].sort();
    expect(keys(await search(admin, "wombat"))).toEqual(keys([urgent.key, calm.key, elsewhere.key]));
    expect(keys(await search(admin, "q=wombat&priority=P1"))).toEqual(keys([urgent.key, elsewhere.key]));
    expect(await search(admin, `q=wombat&priority=P1&teamId=${ops.id}`)).toEqual([urgent.key]);
    expect(await search(admin, `q=wombat&assigneeId=${agent.user.id}`)).toEqual([urgent.key]);
    expect(keys(await search(admin, "q=wombat&assigneeId=none"))).toEqual(keys([calm.key, elsewhere.key]));
    expect(await search(admin, "q=wombat&status=resolved")).toEqual([]);
    expect(await search(admin, "q=wombat&category=hardware&priority=LOW")).toEqual([calm.key]);
  });

  it("pages through the matches with a cursor", async () => {
    const filed = [];
    for (let i = 0; i < 3; i++) filed.push((await fileTicket(admin, ops.id, { title: `Platypus ${i}` })).key);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api("GET", `/api/v1/tickets?q=platypus&limit=2&sort=createdAt${cursor ? `&cursor=${cursor}` : ""}`, { token: admin.accessToken });
      seen.push(...res.json.items.map((ticket: { key: string }) => ticket.key));
      cursor = res.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual(filed);
  });
});

describe("q with FTS5 syntax", () => {
  it("treats quotes, stars, operators, NEAR and column filters as plain text, never a 5xx", async () => {
    const inputs = ['"', '"printer', "printer*", "*", "printer OR monitor", "OR", "AND NOT", "NEAR(printer jams)", "NEAR(", "title:printer", "{title}: printer", "^printer", "-printer", "printer:", "(", ")", "a\u0000b", "'; DROP TABLE tickets; --", "%", "\\"];
    for (const text of inputs) {
      const res = await api("GET", `/api/v1/tickets?q=${encodeURIComponent(text)}`, { token: requester.accessToken });
      expect(res.status, `${JSON.stringify(text)}: ${res.text}`).toBe(200);
    }
    // Operators are words to match, not syntax: "printer OR monitor" needs both words.
    expect(await search(admin, "printer OR monitor")).toEqual([]);
    expect(await search(admin, "printer*")).toEqual(["OPS-1"]);
    expect(await search(admin, "title:printer")).toEqual([]);
  });

  it("answers 400 for a q that is empty after trimming, and an empty page for one with no words", async () => {
    expectError(await api("GET", "/api/v1/tickets?q=%20%20", { token: admin.accessToken }), 400, "E_VALIDATION");
    expect(await search(admin, '"*"')).toEqual([]);
  });

  it("never answers 5xx, whatever q holds", async () => {
    const syntax = fc.constantFrom('"', "*", "OR", "NEAR(", ")", "title:", "{", "}", ":", "^", "-", "\u0000", "café", "OPS-3", " ");
    // Well-formed text only: a lone surrogate cannot be percent-encoded into a URL at all.
    const anyQ = fc.oneof(fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }), fc.array(syntax, { minLength: 1, maxLength: 10 }).map((parts) => parts.join("")));
    await fc.assert(
      fc.asyncProperty(anyQ, async (text) => {
        const res = await api("GET", `/api/v1/tickets?q=${encodeURIComponent(text)}`, { token: requester.accessToken });
        expect(res.status, res.text).toBeLessThan(500);
      }),
      { numRuns: 40 },
    );
  });
});
