import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkWebhookUrl, MAX_WEBHOOK_URL_LENGTH } from "../../src/notify/webhook-url";

// [url, the refusal's message contains]; each refused with and without the loopback flag.
const REFUSED: [string, string][] = [
  ["not a url", "absolute URL"],
  ["/relative/path", "absolute URL"],
  ["http://hooks.example.com/x", "https"],
  ["ftp://hooks.example.com/x", "https"],
  ["javascript:alert(1)", "https"],
  ["https://user:pw@hooks.example.com/x", "credentials"], ["https://user@hooks.example.com/x", "credentials"],
  ["https://10.0.0.1/x", "IP address"],
  ["https://8.8.8.8/x", "IP address"],
  ["https://127.0.0.1/x", "IP address"],
  ["https://2130706433/x", "IP address"],
  ["https://0x7f000001/x", "IP address"],
  ["https://0x7f.0.0.1/x", "IP address"],
  ["https://0177.0.0.1/x", "IP address"],
  ["https://127.1/x", "IP address"],
  ["https://169.254.169.254/latest/meta-data", "IP address"],
  ["https://[::1]/x", "IP address"],
  ["https://[::ffff:127.0.0.1]/x", "IP address"],
  ["https://[fe80::1]/x", "IP address"],
  ["https://[2001:db8::1]:8443/x", "IP address"],
  ["https://localhost/x", "localhost"],
  ["https://LOCALHOST:8443/x", "localhost"],
  ["https://%6c%6fcalhost/x", "localhost"],
  ["https://api.localhost/x", "localhost"],
  ["https://printer.local/x", "internal"],
  ["https://metadata.google.internal/x", "internal"],
  ["https://nas.home.arpa/x", "internal"],
  ["https://router.lan/x", "internal"],
  ["https://box.localdomain/x", "internal"],
  ["https://wiki.corp/x", "internal"],
  ["https://app.test/x", "internal"],
  ["https://intranet/x", "single-label"], ["https://hooks/x", "single-label"],
  ["https://hooks.example.com./x", "dot"],
  ["https://localhost./x", "dot"],
  ["https://printer.local./x", "dot"],
  [`https://hooks.example.com/${"a".repeat(MAX_WEBHOOK_URL_LENGTH)}`, "2048"],
];

const ACCEPTED: [string, string][] = [
  ["https://hooks.example.com/x", "https://hooks.example.com/x"],
  ["https://hooks.slack.com/services/T0/B0/XYZ?a=1&b=2", "https://hooks.slack.com/services/T0/B0/XYZ?a=1&b=2"],
  ["HTTPS://Hooks.Example.COM:8443/A", "https://hooks.example.com:8443/A"],
  ["https://xn--bcher-kva.example/hook", "https://xn--bcher-kva.example/hook"],
  ["https://bücher.example/hook", "https://xn--bcher-kva.example/hook"],
  ["https://localhost.example.com/x", "https://localhost.example.com/x"],
  ["https://local.example.com/x", "https://local.example.com/x"],
];

// Only under the flag, and only these spellings.
const LOOPBACK_OK = [
  "http://127.0.0.1",
  "http://127.0.0.1/",
  "http://127.0.0.1:8787/hooks/a?x=1",
  "http://localhost",
  "http://localhost:3000/hook",
  "http://localhost?x=1",
];

const LOOPBACK_OTHER_SPELLINGS = [
  "http://127.1/",
  "http://0x7f.0.0.1/",
  "http://0x7f000001/",
  "http://2130706433/",
  "http://0177.0.0.1/",
  "http://127.000.000.001/",
  "http://127.0.0.2/",
  "http://0.0.0.0/",
  "http://[::1]/",
  "http://[::ffff:7f00:1]/",
  "http://LOCALHOST/",
  "http://Localhost:8787/",
  "HTTP://localhost/",
  "http://localhost./",
  "http://LOCALHOST./",
  "http://127.0.0.1./",
  "http://%6c%6fcalhost/",
  "http://api.localhost/",
  "http://user@localhost/",
  "http://user:pw@127.0.0.1:8787/",
  "http://localhost@hooks.example.com/",
  "http://127.0.0.1\\@hooks.example.com/",
  "http:127.0.0.1/",
  "http:/localhost/",
  "https://127.0.0.1/",
  "https://localhost/",
  "ws://localhost/",
];

describe("checkWebhookUrl", () => {
  it.each(REFUSED)("refuses %s", (url, reason) => {
    for (const flag of [false, true]) {
      const result = checkWebhookUrl(url, flag);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toContain(reason);
    }
  });

  it.each(ACCEPTED)("accepts %s as %s", (url, normalized) => {
    expect(checkWebhookUrl(url, false)).toEqual({ ok: true, url: normalized });
    expect(checkWebhookUrl(url, true)).toEqual({ ok: true, url: normalized });
  });

  it.each(LOOPBACK_OK)("accepts %s only with the loopback flag", (url) => {
    expect(checkWebhookUrl(url, true)).toEqual({ ok: true, url: new URL(url).href });
    expect(checkWebhookUrl(url, false)).toMatchObject({ ok: false });
  });

  it.each(LOOPBACK_OTHER_SPELLINGS)("refuses the other loopback spelling %s, flag or not", (url) => {
    expect(checkWebhookUrl(url, true)).toMatchObject({ ok: false });
    expect(checkWebhookUrl(url, false)).toMatchObject({ ok: false });
  });

  it("names the problem", () => {
    expect(checkWebhookUrl("http://hooks.example.com/", false)).toEqual({ ok: false, message: "must use https" });
    expect(checkWebhookUrl("https://a:b@hooks.example.com/", false)).toEqual({ ok: false, message: "must not contain credentials" });
    expect(checkWebhookUrl("https://1.2.3.4/", false)).toEqual({ ok: false, message: "must not name an IP address" });
  });

  it("refuses every IPv4 address as a host, in any spelling, except exactly http://127.0.0.1 under the flag", () => {
    // Loopback often, so the one allowed case is exercised too.
    const random = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
    const octets = fc.oneof(random, fc.constant<[number, number, number, number]>([127, 0, 0, 1]));
    const spelling = fc.constantFrom("dotted", "decimal", "hex", "octal", "short");
    const scheme = fc.constantFrom("http", "https");
    fc.assert(
      fc.property(octets, spelling, scheme, fc.option(fc.integer({ min: 1, max: 65535 })), fc.boolean(), (o, sp, sc, port, flag) => {
        const host = spell(o, sp);
        const url = `${sc}://${host}${port === null ? "" : `:${port}`}/hook`;
        const allowed = flag && sc === "http" && host === "127.0.0.1";
        expect(checkWebhookUrl(url, flag).ok).toBe(allowed);
      }),
    );
  });
});

/** One IPv4 address in the spellings the WHATWG parser reads as IPv4. */
function spell([a, b, c, d]: [number, number, number, number], how: string): string {
  const n = a * 2 ** 24 + (b << 16) + (c << 8) + d;
  if (how === "decimal") return String(n);
  if (how === "hex") return `0x${n.toString(16)}`;
  if (how === "octal") return [a, b, c, d].map((x) => `0${x.toString(8)}`).join(".");
  if (how === "short") return `${a}.${(b << 16) + (c << 8) + d}`;
  return `${a}.${b}.${c}.${d}`;
}
