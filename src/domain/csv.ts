/**
 * CSV text as RFC 4180 writes it, made safe to open in a spreadsheet.
 *
 * - Rows end with CRLF, the last one included.
 * - A field containing a comma, a double quote, CR or LF is enclosed in double quotes, and each
 *   double quote inside it is doubled. Other fields are written bare.
 * - Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that starts with `=`, `+`,
 *   `-` or `@` as a formula (`=HYPERLINK(...)`, `=cmd|...`), and some also treat a leading tab or
 *   CR as a prefix to skip. Such a cell gets a leading single quote, which spreadsheets show as
 *   text and do not evaluate.
 *
 * The guard applies to the cell's value and quoting comes after it: `=1+1,2` is written
 * `"'=1+1,2"`, with the quote mark inside the enclosing double quotes. It cannot go before the
 * opening double quote, since RFC 4180 allows a quoted field only when the quote is its first
 * character. A reader that unquotes first therefore sees `'=1+1,2`, the value as it was written.
 *
 * The guard is lossy on purpose: a value that really starts with `-` (such as `-5`) comes back
 * as `'-5`. Exports of free text (titles, names, descriptions) are safe to open, and a program
 * reading the file can strip a leading `'` from a cell whose next character is in
 * {@link FORMULA_TRIGGERS}.
 *
 * Pure: no I/O. Cells are strings; the caller decides how to write null, dates and lists.
 */

/** First characters that make a spreadsheet read a cell as a formula (OWASP's list). */
export const FORMULA_TRIGGERS: readonly string[] = ["=", "+", "-", "@", "\t", "\r"];

const NEEDS_QUOTES = /[",\r\n]/;

/** `value` with a leading `'` when a spreadsheet would otherwise read it as a formula. */
export function neutralizeFormula(value: string): string {
  return value.length > 0 && FORMULA_TRIGGERS.includes(value[0]!) ? `'${value}` : value;
}

/** One field, guarded and then quoted when RFC 4180 requires it. */
export function encodeField(value: string): string {
  const safe = neutralizeFormula(value);
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * One record with its CRLF. A record needs at least one field: CSV has no way to write a record
 * of none (its line would read back as one empty field).
 */
export function encodeRecord(fields: readonly string[]): string {
  if (fields.length === 0) throw new RangeError("A CSV record needs at least one field.");
  return `${fields.map(encodeField).join(",")}\r\n`;
}

/** Several records, in order, as one string. */
export function encodeCsv(records: readonly (readonly string[])[]): string {
  return records.map(encodeRecord).join("");
}
