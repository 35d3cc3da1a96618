/**
 * Which webhook URLs a team may register (contract §6). A webhook is a request the server makes
 * on a user's behalf, so the checks keep it off loopback, private networks and internal names
 * (server-side request forgery). Every check looks at the *parsed* URL: the WHATWG parser turns
 * `2130706433`, `0x7f.1`, `127.1` and `%6c%6fcalhost` into the address or name they really mean.
 */

export const MAX_WEBHOOK_URL_LENGTH = 2048;

export type WebhookUrlCheck = { ok: true; url: string } | { ok: false; message: string };

/**
 * Suffixes of names that only resolve inside a network, or only to the machine itself:
 * `localhost` and `test` (RFC 6761; dev tools map `*.test` to loopback), `local` (mDNS, RFC 6762),
 * `internal` (ICANN's private-use TLD), `arpa` (infrastructure: `home.arpa` of RFC 8375 and the
 * reverse-DNS zones), and the names home routers and corporate resolvers hand out (`lan`,
 * `localdomain`, `intranet`, `corp`, `home`, `private`). `.example` and `.invalid` never resolve
 * anywhere, so they need no rule.
 */
const INTERNAL_SUFFIXES = [
  "localhost",
  "local",
  "internal",
  "arpa",
  "test",
  "lan",
  "localdomain",
  "intranet",
  "corp",
  "home",
  "private",
] as const;

/**
 * The two loopback spellings development and tests may use, matched on the raw text because the
 * parser would also turn `http://127.1` or `http://2130706433` into `127.0.0.1`. Exact and
 * lower-case: the contract allows these spellings and no other one.
 */
const EXACT_LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost)(:\d{1,5})?([/?#]|$)/;

/** A parsed hostname that is an IPv4 address: the parser has already made every spelling dotted. */
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Checks a webhook URL and answers its normalized form, or why it is refused. `allowLoopbackHttp`
 * (ENVIRONMENT development or test) also admits exactly `http://127.0.0.1` and `http://localhost`,
 * with any port, path and query.
 */
export function checkWebhookUrl(raw: string, allowLoopbackHttp: boolean): WebhookUrlCheck {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) return refuse(`must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse("must be an absolute URL");
  }
  // Checked before the loopback exception so that `http://user@localhost` stays refused.
  if (url.username !== "" || url.password !== "") return refuse("must not contain credentials");
  if (allowLoopbackHttp && isExactLoopback(raw, url)) return accept(url);
  if (url.protocol !== "https:") {
    return refuse(allowLoopbackHttp ? "must use https (or be exactly http://127.0.0.1 or http://localhost)" : "must use https");
  }
  const host = url.hostname;
  if (host.startsWith("[") || IPV4.test(host)) return refuse("must not name an IP address");
  // `localhost.` and `x.local.` are the same names as without the dot; refusing the dot keeps
  // the suffix rules below exact.
  if (host.endsWith(".")) return refuse("must not end its host name with a dot");
  if (host === "localhost" || host.endsWith(".localhost")) return refuse("must not name localhost");
  if (!host.includes(".")) return refuse("must not name a single-label (internal) host");
  const suffix = INTERNAL_SUFFIXES.find((s) => host.endsWith(`.${s}`));
  if (suffix !== undefined) return refuse(`must not name a private or internal host (.${suffix})`);
  return accept(url);
}

function isExactLoopback(raw: string, url: URL): boolean {
  const match = EXACT_LOOPBACK.exec(raw);
  // The parsed URL must agree, so nothing the parser reads differently (e.g. `\` as `/`) slips by.
  return match !== null && url.protocol === "http:" && url.hostname === match[1];
}

function accept(url: URL): WebhookUrlCheck {
  // Normalizing can percent-encode and so lengthen the text that will be stored.
  if (url.href.length > MAX_WEBHOOK_URL_LENGTH) return refuse(`must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`);
  return { ok: true, url: url.href };
}

function refuse(message: string): WebhookUrlCheck {
  return { ok: false, message };
}
