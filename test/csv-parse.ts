/**
 * A small, strict RFC 4180 reader, written apart from src/domain/csv.ts so that the tests check
 * the encoder against the standard rather than against itself. Records end with CRLF (the final
 * one may not); a quoted field may hold anything, with `""` for a quote. It throws on what the
 * RFC does not allow: a quote inside a bare field, text after a closing quote, a lone CR or LF
 * outside quotes, an unterminated quoted field.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new SyntaxError(`${why} at offset ${i}`);
  };
  if (text === "") return records;
  for (;;) {
    let field = "";
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= text.length) fail("unterminated quoted field");
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        field += text[i];
        i += 1;
      }
    } else {
      while (i < text.length && text[i] !== "," && text[i] !== "\r" && text[i] !== "\n") {
        if (text[i] === '"') fail("quote inside a bare field");
        field += text[i];
        i += 1;
      }
    }
    record.push(field);
    if (i >= text.length) {
      records.push(record);
      return records;
    }
    if (text[i] === ",") {
      i += 1;
      continue;
    }
    if (text[i] === "\r" && text[i + 1] === "\n") {
      i += 2;
      records.push(record);
      record = [];
      if (i >= text.length) return records;
      continue;
    }
    fail(text[i] === '"' || (text[i] !== "\r" && text[i] !== "\n") ? "text after a closing quote" : "a line break that is not CRLF");
  }
}

/** Records as objects keyed by the header record's names. */
export function parseCsvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((row) => {
    if (row.length !== header.length) throw new SyntaxError(`a record of ${row.length} fields under a header of ${header.length}`);
    return Object.fromEntries(header.map((name, index) => [name, row[index]!]));
  });
}
