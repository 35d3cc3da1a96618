/**
 * Hand-picked inputs that random generation rarely hits but that break real services: injection
 * metacharacters (SQL, FTS5 query syntax, HTML, paths), awkward Unicode (astral, RTL overrides, NUL,
 * lone surrogates, case folding that changes length) and strings that look like other types.
 */
export const NASTY_STRINGS: readonly string[] = [
  "' OR 1=1 --",
  "'; DROP TABLE tickets; --",
  '" OR ""="',
  "1; SELECT * FROM users",
  "<script>alert(1)</script>",
  '<img src=x onerror="alert(1)">',
  "%00",
  "\u0000",
  "a\u0000b",
  "../",
  "../../etc/passwd",
  "..%2F..%2F",
  "%2e%2e%2f",
  "\u202Egnp.exe\u202C",
  "مرحبا بالعالم",
  "שלום עולם",
  "😀🎉𝕏𝔘",
  "\uD800",
  "x\uDFFFy",
  "\r\n",
  "\t",
  " ",
  "",
  "null",
  "undefined",
  "NaN",
  "-1",
  "0",
  "true",
  "[]",
  "{}",
  "${7*7}{{7*7}}",
  "%s%s%n",
  "\\",
  '"',
  "*",
  "%",
  "_",
  "OPS-1",
  "OPS-999999999999999999999",
  'NEAR("a" "b")',
  "title:foo",
  "a OR b AND",
  "(",
  "^",
  "-a",
  '"unterminated',
  "１２３",
  "İstanbul",
  "ß",
  "\u200B",
  "e\u0301",
];

/** Values of every JSON type: one of them is of the wrong type for any schema. */
export const ANY_JSON: readonly unknown[] = [0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, true, false, null, "x", "", [], [1, "a"], {}, { a: 1 }];

/** Property names a client might try to set on an object it should not control (mass assignment). */
export const FOREIGN_FIELDS: readonly string[] = ["orgId", "id", "role", "version", "createdAt", "passwordHash", "admin", "isAdmin", "__proto__", "constructor"];

// The well-formed values come first: the calm mode takes only those, the chaos mode all.
export const TIME_ZONES = { valid: ["UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Asia/Kathmandu", "Etc/GMT+12", "Pacific/Chatham"], invalid: ["utc", "Mars/Olympus", "Europe/../../etc", "+05:30", ""] };

export const URLS = { valid: ["https://hooks.example.com/slaguard", "http://127.0.0.1:9/hook", "http://localhost:1/hook"], invalid: [
  "https://10.0.0.1/x",
  "https://user:pw@example.com/x",
  "javascript:alert(1)",
  "https://[::1]/x",
  "ftp://example.com/x",
  "http://0x7f.1/x",
  "https://localhost./x",
  "https://metadata.google.internal/x",
  "https://xn--nxasmq6b.example/x",
] };

export const EMAILS = { valid: ["a+tag@example.test", "ADA@EXAMPLE.TEST"], invalid: ["a@b", "ünï@exämple.test", "a@localhost", "@example.test", "a@@b", "a b@example.test"] };

/** Dates for report ranges: today-ish, impossible ones, and the ends of the representable years. */
export function dates(now = new Date()) {
  const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  return { valid: [day(0), day(-1), day(-30), day(-90)], invalid: [day(-400), day(1), "2026-02-30", "2026-13-01", "0000-00-00", "1970-01-01", "0001-01-01", "9999-12-31"] };
}

export const CLOCK_TIMES = { valid: ["00:00", "09:00", "13:00", "17:30", "24:00", "23:59"], invalid: ["25:00", "9:00", "12:60", "noon"] };
