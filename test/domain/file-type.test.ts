import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  contentDisposition,
  executableByDeclaration,
  executableByMagic,
  extensionOf,
  normalizeContentType,
  sanitizeFileName,
} from "../../src/domain/file-type";

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (value: string) => new TextEncoder().encode(value);

describe("executables by declaration", () => {
  it("refuses executable media types, whatever their case or parameters", () => {
    for (const type of [
      "application/x-msdownload",
      "application/x-dosexec",
      "application/x-executable",
      "application/x-elf",
      "application/x-mach-binary",
      "application/x-sh",
      "application/x-msi",
      "application/vnd.microsoft.portable-executable",
      "application/java-archive",
      "Application/X-MSDownload; charset=binary",
    ]) {
      expect(executableByDeclaration("notes.txt", type), type).toEqual({ by: "contentType", value: type.split(";")[0]!.toLowerCase() });
    }
  });

  it("refuses executable extensions, whatever their case, including the last of a double extension", () => {
    for (const name of ["setup.exe", "SETUP.EXE", "invoice.pdf.exe", "lib.dll", "run.bat", "run.cmd", "x.com", "i.msi", "s.scr", "p.ps1", "d.sh", "v.vbs", "w.js", "a.jar", "l.lnk"]) {
      expect(executableByDeclaration(name, "application/octet-stream")?.by, name).toBe("extension");
    }
  });

  it("lets documents, images and archives through", () => {
    for (const [name, type] of [
      ["report.pdf", "application/pdf"],
      ["photo.JPG", "image/jpeg"],
      ["logs.zip", "application/zip"],
      ["data.json", "application/json"],
      ["exe", "text/plain"],
      [".exe", "text/plain"],
      ["notes.exe.txt", "text/plain"],
      ["readme", null],
    ] as const) {
      expect(executableByDeclaration(name, type), name).toBeNull();
    }
  });
});

describe("executables by magic bytes", () => {
  it("recognizes MZ, ELF, Mach-O (both byte orders, 32 and 64 bit), universal binaries and shebangs", () => {
    const heads = [
      text("MZ\x90\x00"),
      bytes(0x7f, 0x45, 0x4c, 0x46, 2, 1),
      bytes(0xfe, 0xed, 0xfa, 0xce),
      bytes(0xfe, 0xed, 0xfa, 0xcf),
      bytes(0xce, 0xfa, 0xed, 0xfe),
      bytes(0xcf, 0xfa, 0xed, 0xfe),
      bytes(0xca, 0xfe, 0xba, 0xbe),
      text("#!/bin/sh\n"),
      text("MZ"),
    ];
    for (const head of heads) expect(executableByMagic(head)?.by, String(head)).toBe("magicBytes");
  });

  it("lets ordinary file starts through, and does not decide on a prefix too short to match", () => {
    const heads = [text("%PDF-1.7"), bytes(0x89, 0x50, 0x4e, 0x47), bytes(0x50, 0x4b, 3, 4), text("M"), bytes(0x7f, 0x45, 0x4c), text("# title"), bytes()];
    for (const head of heads) expect(executableByMagic(head), String(head)).toBeNull();
  });
});

describe("content types", () => {
  it("keeps the essence and charset, lower-cased, and falls back to application/octet-stream", () => {
    expect(normalizeContentType("Text/Plain; Charset=UTF-8; foo=bar")).toBe("text/plain; charset=utf-8");
    expect(normalizeContentType("image/png")).toBe("image/png");
    for (const bad of [null, undefined, "", "text", "text/plain/x", "a b/c", "text/\u00e9"]) {
      expect(normalizeContentType(bad), String(bad)).toBe("application/octet-stream");
    }
  });
});

describe("file names", () => {
  it("keeps only the last path segment and drops what Windows or a terminal would misread", () => {
    expect(sanitizeFileName("../../etc/passwd")).toBe("passwd");
    expect(sanitizeFileName("C:\\Users\\me\\report.pdf")).toBe("report.pdf");
    expect(sanitizeFileName("evil.exe. . ")).toBe("evil.exe");
    expect(sanitizeFileName("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
    expect(sanitizeFileName('a<b>c:d"e|f?g*h.txt')).toBe("a_b_c_d_e_f_g_h.txt");
    expect(sanitizeFileName("line\r\nbreak.txt")).toBe("linebreak.txt");
    expect(sanitizeFileName(".env")).toBe(".env");
    for (const empty of ["", "..", "/", " . "]) expect(sanitizeFileName(empty), empty).toBe("file");
    expect(sanitizeFileName("Résumé €.pdf")).toBe("Résumé €.pdf");
  });

  it("shortens long names but keeps the extension", () => {
    const name = sanitizeFileName(`${"a".repeat(500)}.pdf`);
    expect(name.length).toBeLessThanOrEqual(200);
    expect(extensionOf(name)).toBe("pdf");
  });

  it("always gives a name with no path separator, no control character and no trailing dot", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (raw) => {
        const name = sanitizeFileName(raw);
        expect(name.length).toBeGreaterThan(0);
        expect(name).not.toMatch(/[/\\\u0000-\u001f\u007f<>:"|?*]|[. ]$/);
      }),
    );
  });
});

describe("Content-Disposition", () => {
  it("sends an ASCII fallback and the exact UTF-8 name (RFC 6266, RFC 5987)", () => {
    expect(contentDisposition("report.pdf")).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    expect(contentDisposition("Résumé (1).pdf")).toBe(`attachment; filename="R_sum_ (1).pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%281%29.pdf`);
  });

  it("cannot be broken out of by the name", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 100 }), (raw) => {
        const header = contentDisposition(raw);
        const [, quoted, encoded] = header.match(/^attachment; filename="([^"]*)"; filename\*=UTF-8''(.*)$/)!;
        expect(quoted).toMatch(/^[\x20-\x7e]*$/);
        expect(encoded).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
        expect(decodeURIComponent(encoded!)).toBe(sanitizeFileName(raw));
      }),
    );
  });
});
