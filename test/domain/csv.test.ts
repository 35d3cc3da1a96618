import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeCsv, encodeField, encodeRecord, FORMULA_TRIGGERS, neutralizeFormula } from "../../src/domain/csv";
import { parseCsv } from "../csv-parse";

// Strings rich in what CSV must handle: separators, quotes, line breaks, formula triggers, non-ASCII.
const tricky = fc.string({
  unit: fc.oneof(fc.constantFrom(",", '"', "\r", "\n", "\r\n", "=", "+", "-", "@", "\t", "'", " ", "é", "😀"), fc.string({ minLength: 1, maxLength: 1 })),
  maxLength: 30,
});
const field = fc.oneof(tricky, fc.string({ maxLength: 30 }), fc.string({ unit: "binary", maxLength: 10 }));
const records = fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { maxLength: 8 });

describe("CSV fields", () => {
  it("writes plain text bare", () => {
    expect(encodeField("Printer jams")).toBe("Printer jams");
    expect(encodeField("")).toBe("");
    expect(encodeField("it's 5 o'clock")).toBe("it's 5 o'clock");
  });

  it("quotes a comma, a quote, CR or LF, doubling the quotes", () => {
    expect(encodeField("a,b")).toBe('"a,b"');
    expect(encodeField('say "hi"')).toBe('"say ""hi"""');
    expect(encodeField("line\nbreak")).toBe('"line\nbreak"');
    expect(encodeField("cr\rhere")).toBe('"cr\rhere"');
  });

  it("puts a quote mark before each formula trigger, inside the enclosing quotes", () => {
    expect(encodeField('=HYPERLINK("http://x.test","click")')).toBe(`"'=HYPERLINK(""http://x.test"",""click"")"`);
    expect(encodeField("=1+1")).toBe("'=1+1");
    expect(encodeField("+1")).toBe("'+1");
    expect(encodeField("-2")).toBe("'-2");
    expect(encodeField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(encodeField("\tx")).toBe("'\tx");
    expect(encodeField("\rx")).toBe("\"'\rx\"");
    expect(encodeField("a=b")).toBe("a=b");
    expect(encodeField("'=already")).toBe("'=already");
  });

  it("leaves no field starting with a trigger once unquoted", () => {
    fc.assert(
      fc.property(field, (value) => {
        const [[back]] = parseCsv(encodeRecord([value])) as [[string]];
        expect(FORMULA_TRIGGERS.includes(back.charAt(0))).toBe(false);
      }),
    );
  });
});

describe("CSV records", () => {
  it("ends every record with CRLF, the last one too", () => {
    expect(encodeCsv([["a", "b"], ["c", "d"]])).toBe("a,b\r\nc,d\r\n");
    expect(encodeCsv([])).toBe("");
  });

  it("refuses a record of no fields, which CSV cannot write", () => {
    expect(() => encodeRecord([])).toThrow(RangeError);
  });

  it("reads back as the same records through an independent RFC 4180 parser, modulo the guard", () => {
    fc.assert(
      fc.property(records, (rows) => {
        expect(parseCsv(encodeCsv(rows))).toEqual(rows.map((row) => row.map(neutralizeFormula)));
      }),
      { numRuns: 500 },
    );
  });

  it("is checked by a parser that refuses what RFC 4180 does not allow", () => {
    for (const bad of ['a"b\r\n', '"a"b\r\n', "a\nb\r\n", "a\rb\r\n", '"open\r\n']) expect(() => parseCsv(bad), JSON.stringify(bad)).toThrow(SyntaxError);
    expect(parseCsv('"a,""b""\r\nc",\r\n,\r\n')).toEqual([['a,"b"\r\nc', ""], ["", ""]]);
  });

  it("changes a guarded value only by its first character", () => {
    fc.assert(
      fc.property(field, (value) => {
        const guarded = neutralizeFormula(value);
        expect(guarded === value || guarded === `'${value}`).toBe(true);
      }),
    );
  });
});
