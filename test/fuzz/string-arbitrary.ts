/**
 * Strings for the schema arbitraries, by what the field is: ids from the tenants' real rows, emails,
 * dates, time zones, URLs, webhook secrets, cursors, clock times, or any text — the hand-picked
 * nasty strings included, since they are valid text that must be stored and echoed safely.
 */
import fc from "fast-check";
import type { Document, Schema } from "./json-schema";
import { CLOCK_TIMES, dates, EMAILS, NASTY_STRINGS, TIME_ZONES, URLS } from "./nasty-values";

/** Ids by kind (a table name): the caller's organization's own, and the other organization's. */
export type IdPools = { own: Record<string, string[]>; foreign: Record<string, string[]> };
export type Gen = { doc: Document; ids: IdPools; chaos: boolean };
export type Arb = fc.Arbitrary<unknown>;

const ID_KINDS: [RegExp, string][] = [
  [/^teamIds?$/, "teams"],
  [/^(assigneeId|requesterId|userIds?|acknowledgedBy|agentId)$/, "users"],
  [/^ticketIds?$/, "tickets"],
  [/^calendarId$/, "sla_calendars"],
  [/^webhookIds?$/, "webhooks"],
  [/^policyId$/, "sla_policies"],
  [/^deliveryId$/, "deliveries"],
];

/** The kind of id a field or parameter named `name` holds, if it holds one. */
export function idKind(name: string | undefined): string | undefined {
  return name === undefined ? undefined : ID_KINDS.find(([pattern]) => pattern.test(name))?.[1];
}

export const pick = <T>(values: readonly T[]) => (values.length ? fc.constantFrom(...values) : undefined);
export const weighted = (...options: [number, fc.Arbitrary<unknown> | undefined][]) =>
  fc.oneof(...options.filter((option): option is [number, Arb] => option[1] !== undefined).map(([weight, arbitrary]) => ({ weight, arbitrary })));

/** The caller's own ids of that kind; in the chaos mode the other tenant's too: the handlers must tell them apart. */
export function idArbitrary(ids: IdPools, kind: string, chaos = true): Arb | undefined {
  const own = pick(ids.own[kind] ?? []);
  const foreign = chaos ? pick(ids.foreign[kind] ?? []) : undefined;
  return own || foreign ? weighted([5, own], [2, foreign]) : undefined;
}

/** The well-formed values of a list, and in the chaos mode the malformed ones too. */
const among = (g: Gen, values: { valid: string[]; invalid: string[] }) => fc.constantFrom(...values.valid, ...(g.chaos ? values.invalid : []));

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

export function stringArbitrary(schema: Schema, g: Gen, name?: string): Arb {
  const min = (schema.minLength as number | undefined) ?? 0;
  const max = (schema.maxLength as number | undefined) ?? 200;
  const kind = idKind(name);
  const ids = kind ? idArbitrary(g.ids, kind, g.chaos) : undefined;
  const isDate = /^(date|from|to)$/.test(name ?? "") || schema.pattern === "^\\d{4}-\\d{2}-\\d{2}$";
  const special: [number, Arb | undefined][] = [
    [8, ids],
    // Values the caller's organization really has under this name (its emails, password, refresh token).
    [6, name ? pick(g.ids.own[name] ?? []) : undefined],
    [6, schema.format === "email" ? fc.oneof(fc.nat().map((n) => `fuzz-${n}@example.test`), among(g, EMAILS)) : undefined],
    [6, typeof schema.pattern === "string" && (g.chaos || !isDate) ? fc.stringMatching(new RegExp(schema.pattern)) : undefined],
    [12, isDate ? among(g, dates()) : undefined],
    [12, name === "timezone" ? among(g, TIME_ZONES) : undefined],
    [12, name === "url" ? among(g, URLS) : undefined],
    [4, name === "secret" ? fc.uint8Array({ minLength: 20, maxLength: 70 }).map((b) => `whsec_${base64(b)}`) : undefined],
    // Cursors are opaque, but a client can send any text: try well-formed base64 of odd JSON too.
    [4, name === "cursor" ? fc.jsonValue({ maxDepth: 2 }).map((v) => base64(new TextEncoder().encode(JSON.stringify(v) ?? "")).replace(/=+$/, "")) : undefined],
    [12, typeof schema.example === "string" && /^\d\d:\d\d$/.test(schema.example) ? among(g, CLOCK_TIMES) : undefined],
    [2, typeof schema.example === "string" ? fc.constant(schema.example) : undefined],
  ];
  // A field of a known shape gets free text only in the chaos mode: calm, it is well-formed.
  const shaped = schema.format === "email" || schema.pattern !== undefined || isDate || ["timezone", "url", "secret"].includes(name ?? "");
  if (shaped && !g.chaos) return weighted(...special);
  const cap = Math.min(max, 40);
  return weighted(
    ...special,
    [4, fc.string({ minLength: Math.min(min, cap), maxLength: cap, unit: "grapheme" })],
    [2, fc.string({ minLength: Math.min(min, cap), maxLength: cap, unit: "binary" })],
    [1, max <= 100_000 ? fc.constantFrom("x".repeat(min), "y".repeat(max)) : undefined],
    [2, fc.constantFrom(...NASTY_STRINGS)],
  );
}
