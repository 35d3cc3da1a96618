/**
 * Rules for attached files (contract §10): which uploads count as executables, and how a file's
 * name is made safe to store and to send back in `Content-Disposition`. Pure: no I/O.
 */

/** What marked an upload as executable, for the 415's `details`. */
export type ExecutableMatch = { by: "contentType" | "extension" | "magicBytes"; value: string };

const EXECUTABLE_TYPES = new Set([
  "application/x-msdownload",
  "application/x-msdos-program",
  "application/x-dosexec",
  "application/x-executable",
  "application/x-elf",
  "application/x-mach-binary",
  "application/x-sharedlib",
  "application/x-sh",
  "application/x-shellscript",
  "application/x-csh",
  "application/x-bat",
  "application/x-msi",
  "application/x-ms-installer",
  "application/x-ms-shortcut",
  "application/vnd.microsoft.portable-executable",
  "application/java-archive",
  "application/x-java-archive",
  "application/vnd.android.package-archive",
  "application/hta",
  // Refused with the .js extension below: it is the same file whatever it is called.
  "text/javascript",
  "application/javascript",
  "application/x-javascript",
]);

/**
 * Extensions that run when an agent double-clicks the download. `.js` is on the list on purpose:
 * on Windows, Windows Script Host runs a `.js` file on double-click outside any browser sandbox,
 * which made it a favourite mail-borne malware carrier (Gmail and Outlook block it too). A desk
 * rarely needs a loose script; one can still be pasted into a comment or sent as `.txt`.
 * Disk images (`.iso`, `.img`, `.vhd`) are here because they smuggle executables past the
 * "downloaded from the internet" mark that would otherwise make Windows warn. `.bin` is not: it
 * names firmware and data dumps far more often than programs, and an ELF inside is caught by its
 * magic bytes.
 */
const EXECUTABLE_EXTENSIONS = new Set(
  (
    "exe dll com scr pif cpl sys drv ocx msi msp mst msc bat cmd ps1 psm1 psd1 vbs vbe js jse wsf wsh wsc hta " +
    "jar jnlp lnk reg inf scf sct gadget application appref-ms sh bash csh ksh zsh command run elf " +
    "app apk appx msix iso img vhd vhdx xll"
  ).split(" "),
);

/** The media type's essence (`type/subtype`, lower case) without parameters, or "" when absent. */
export function mediaTypeEssence(contentType: string | null | undefined): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

const TOKEN = "[!#$%&'*+.^_`|~0-9a-z-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}$`);
const CHARSET = /;\s*charset\s*=\s*"?([a-z0-9._:-]{1,40})"?\s*(;|$)/i;

/**
 * The type to store and later serve: the declared essence plus its charset, or
 * `application/octet-stream` when nothing usable was declared. Other parameters are dropped so
 * that a served `Content-Type` is never something a client wrote freely.
 */
export function normalizeContentType(declared: string | null | undefined): string {
  const essence = mediaTypeEssence(declared);
  if (!MEDIA_TYPE.test(essence) || essence.length > 127) return "application/octet-stream";
  const charset = declared?.match(CHARSET)?.[1];
  return charset ? `${essence}; charset=${charset.toLowerCase()}` : essence;
}

/** The extension after the last dot, lower case, or "" (a leading dot alone is no extension). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

/** Judges what is known before any byte is read: the declared type and the (sanitized) name. */
export function executableByDeclaration(name: string, contentType: string | null | undefined): ExecutableMatch | null {
  const essence = mediaTypeEssence(contentType);
  if (EXECUTABLE_TYPES.has(essence)) return { by: "contentType", value: essence };
  const extension = extensionOf(name);
  if (EXECUTABLE_EXTENSIONS.has(extension)) return { by: "extension", value: `.${extension}` };
  return null;
}

/** How many leading bytes `executableByMagic` needs to be sure. */
export const MAGIC_BYTES_NEEDED = 4;

const SIGNATURES: { label: string; bytes: number[] }[] = [
  // Windows PE and plain DOS programs both open with MZ; checking for the PE header further in
  // would let DOS executables through, so the two letters alone decide.
  { label: "MZ (Windows/DOS executable)", bytes: [0x4d, 0x5a] },
  { label: "ELF", bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { label: "Mach-O", bytes: [0xfe, 0xed, 0xfa, 0xce] },
  { label: "Mach-O", bytes: [0xfe, 0xed, 0xfa, 0xcf] },
  { label: "Mach-O", bytes: [0xce, 0xfa, 0xed, 0xfe] },
  { label: "Mach-O", bytes: [0xcf, 0xfa, 0xed, 0xfe] },
  // Universal Mach-O binaries and Java classes share this one; both run.
  { label: "Mach-O universal / Java class", bytes: [0xca, 0xfe, 0xba, 0xbe] },
  { label: "#! script", bytes: [0x23, 0x21] },
];

/**
 * The executable format the file's first bytes announce, or null. A prefix shorter than a
 * signature cannot match it, so feeding the bytes as they arrive gives the final answer as soon
 * as `MAGIC_BYTES_NEEDED` bytes (or the whole, shorter file) have been seen.
 */
export function executableByMagic(head: Uint8Array): ExecutableMatch | null {
  const found = SIGNATURES.find(({ bytes }) => head.length >= bytes.length && bytes.every((byte, i) => head[i] === byte));
  return found ? { by: "magicBytes", value: found.label } : null;
}

const MAX_NAME_LENGTH = 200;

/**
 * A file name safe to store and to show: the last path segment only, without control characters,
 * without the bidi controls that make `invoice\u202Efdp.exe` display as `invoiceexe.pdf`, without
 * characters Windows refuses, and without the trailing dots and spaces Windows silently drops
 * (`evil.exe.` would be saved as `evil.exe`). Long names keep their extension.
 */
export function sanitizeFileName(raw: string): string {
  let name = raw.normalize("NFC").split(/[/\\]/).pop()!;
  name = name.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "");
  name = name.replace(/[<>:"|?*]/g, "_").replace(/^\s+|[\s.]+$/g, "");
  const chars = [...name];
  if (chars.length > MAX_NAME_LENGTH) {
    const extension = extensionOf(name);
    const keep = extension && extension.length < 20 ? `.${extension}` : "";
    name = chars.slice(0, MAX_NAME_LENGTH - keep.length).join("").replace(/[\s.]+$/, "") + keep;
  }
  return name || "file";
}

/** RFC 5987 `attr-char` percent-encoding: encodeURIComponent leaves `'()*` bare, which it may not. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `Content-Disposition: attachment` for `name` (RFC 6266): an ASCII `filename` for old clients and
 * the exact UTF-8 name in `filename*`, which every current browser prefers.
 */
export function contentDisposition(name: string): string {
  const safe = sanitizeFileName(name);
  const ascii = safe.replace(/[^\x20-\x7e]/g, "_").replace(/["\\%]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(safe)}`;
}
