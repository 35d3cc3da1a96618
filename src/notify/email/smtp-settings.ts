import type { Bindings } from "../../env";

/**
 * How the SMTP connection is protected (contract §6): `tls` is implicit TLS from the first byte
 * (port 465), `starttls` a plaintext connection that must be upgraded before anything else is said
 * (587), `none` plaintext throughout, for a relay on this machine only (MailDev under `npm run dev`).
 */
export const SMTP_SECURITY = ["tls", "starttls", "none"] as const;
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];

export type MailAddress = { name: string | null; email: string };

export type SmtpSettings = {
  host: string;
  port: number;
  secure: SmtpSecurity;
  from: MailAddress;
  /** Both SMTP_USER and SMTP_PASS, or null when neither is set. */
  auth: { user: string; pass: string } | null;
};

export type SmtpSettingsResult = { ok: true; settings: SmtpSettings } | { ok: false; reason: string };

/** The only spellings of this machine that `none` accepts. */
export const LOOPBACK_HOSTS: readonly string[] = ["127.0.0.1", "::1", "[::1]", "localhost"];

type SmtpEnv = Pick<Bindings, "SMTP_HOST" | "SMTP_PORT" | "SMTP_SECURE" | "SMTP_FROM" | "SMTP_USER" | "SMTP_PASS">;

/**
 * The SMTP settings of the Worker's environment, or why there are none. The reason is meant for a
 * delivery's `lastError`, so it names the variable at fault and never repeats a secret.
 */
export function smtpSettingsOf(env: SmtpEnv): SmtpSettingsResult {
  const host = (env.SMTP_HOST ?? "").trim();
  if (host === "") return refuse("SMTP is not configured");
  if (!isHostName(host)) return refuse(`SMTP_HOST "${printable(host)}" is not a host name or IP address`);

  const secure = (env.SMTP_SECURE ?? "").trim().toLowerCase();
  if (!isSmtpSecurity(secure)) return refuse(`SMTP_SECURE must be tls, starttls or none, not "${printable(secure)}"`);
  if (secure === "none" && !LOOPBACK_HOSTS.includes(host.toLowerCase())) {
    return refuse(`SMTP_SECURE=none is allowed only for a loopback host (127.0.0.1, ::1 or localhost), not for "${host}": use tls or starttls`);
  }

  const portText = (env.SMTP_PORT ?? "").trim();
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
  if (!(port >= 1 && port <= 65535)) return refuse(`SMTP_PORT must be a port number from 1 to 65535, not "${printable(portText)}"`);

  const from = parseMailbox(env.SMTP_FROM ?? "");
  if (!from) return refuse(`SMTP_FROM must be an address such as "slaguard <no-reply@example.com>", not "${printable(env.SMTP_FROM ?? "")}"`);

  const user = env.SMTP_USER ?? "";
  const pass = env.SMTP_PASS ?? "";
  if ((user === "") !== (pass === "")) return refuse(user === "" ? "SMTP_PASS is set but SMTP_USER is not" : "SMTP_USER is set but SMTP_PASS is not");

  return { ok: true, settings: { host, port, secure, from, auth: user === "" ? null : { user, pass } } };
}

function refuse(reason: string): SmtpSettingsResult {
  return { ok: false, reason };
}

function isSmtpSecurity(value: string): value is SmtpSecurity {
  return (SMTP_SECURITY as readonly string[]).includes(value);
}

/** A DNS name, an IPv4 address, or an IPv6 address with or without brackets. */
function isHostName(host: string): boolean {
  const bracketed = /^\[(.*)\]$/.exec(host);
  const inner = bracketed ? bracketed[1]! : host;
  if (inner.includes(":")) return /^[0-9a-f:.]+$/i.test(inner) && inner.split(":").length >= 3;
  if (bracketed) return false;
  return host.length <= 253 && /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.?$/i.test(host);
}

/**
 * An address that can go on an SMTP command line and into a header as it is: ASCII, no spaces,
 * no angle brackets or quotes, one `@` and a dotted or single-label domain.
 */
export function isMailAddress(email: string): boolean {
  return email.length <= 254 && /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(email);
}

/** `addr@example.com`, `<addr@example.com>`, `Name <addr@example.com>` or `"Name" <addr@example.com>`. */
export function parseMailbox(text: string): MailAddress | null {
  const trimmed = text.trim();
  if (isMailAddress(trimmed)) return { name: null, email: trimmed };
  const match = /^(?:"([^"\\\r\n]*)"|([^"<>\r\n]*?))\s*<([^<>\s]+)>$/.exec(trimmed);
  if (!match || !isMailAddress(match[3]!)) return null;
  const name = (match[1] ?? match[2] ?? "").trim();
  return { name: name === "" ? null : name, email: match[3]! };
}

/** A value quoted in a reason: control characters shown as `?`, and not too long. */
function printable(value: string): string {
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, "?");
  return clean.length > 80 ? `${clean.slice(0, 80)}…` : clean;
}
