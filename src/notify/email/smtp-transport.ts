import { Email, encodeHeader } from "worker-mailer";
import { base64, messageOf, oneLine, Session, SmtpSendError, socketHost } from "./smtp-session";
import { isMailAddress, LOOPBACK_HOSTS, type SmtpSettings } from "./smtp-settings";

export { SmtpSendError };

/**
 * One email over SMTP. worker-mailer composes the message (MIME, quoted-printable, encoded
 * headers, dot-stuffing); the conversation is driven here over `cloudflare:sockets`, because
 * worker-mailer's own client (1.2.1) cannot be trusted with it: under `startTls: true` it carries
 * on in plaintext, password included, when the server does not offer STARTTLS; it ignores its
 * response timeout option and never closes the socket of a failed connect; and its reader, once
 * the server has closed the connection, retries the finished read without end (read in its source).
 *
 * The rules kept here:
 * - `starttls`: nothing but EHLO is said before the upgrade. A server that does not offer STARTTLS,
 *   refuses it, or sends bytes after its go-ahead (an injection attempt) is left at once, with
 *   nothing authenticated and nothing sent; the capabilities are read again over TLS.
 * - `tls`: TLS from the first byte. `none`: plaintext, loopback hosts only (checked here too).
 * - One deadline for the whole send (default 15 s); when it passes, the socket is closed and the
 *   send fails. A message the server has accepted (250 after DATA) is sent, whatever follows.
 * - Failures throw `SmtpSendError`, whose message says which step failed and what the server
 *   answered, for a delivery's `lastError`; it never contains the password.
 */

export type OutgoingMail = { to: { name: string; email: string }; subject: string; text: string; html: string };
export type SendMailOptions = { timeoutMs?: number };

export const DEFAULT_SEND_TIMEOUT_MS = 15_000;

/** Headers may not pass 998 characters a line (RFC 5322); worker-mailer does not fold the subject. */
const MAX_ENCODED_SUBJECT = 900;

/** Sends `mail` from `settings.from`; resolves once the server has accepted it. */
export async function sendMail(settings: SmtpSettings, mail: OutgoingMail, options: SendMailOptions = {}): Promise<void> {
  const where = `${socketHost(settings.host)}:${settings.port}`;
  const secret = settings.auth?.pass ?? null;
  const timeoutMs = options.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;

  if (settings.secure === "none" && !LOOPBACK_HOSTS.includes(settings.host.toLowerCase())) {
    throw new SmtpSendError(`SMTP ${where}: SMTP_SECURE=none is allowed only for a loopback host`);
  }
  if (!isMailAddress(settings.from.email)) throw new SmtpSendError(`SMTP: the sender address "${settings.from.email}" is not valid`);
  if (!isMailAddress(mail.to.email)) throw new SmtpSendError(`SMTP: the recipient address "${oneLine(mail.to.email).slice(0, 100)}" is not valid`);
  const message = compose(settings, mail);

  let session: Session | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const deadline = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)));
    session = new Session(settings, where);
    const dialogue = session.deliver(mail.to.email, message);
    dialogue.catch(() => {}); // after a timeout it fails on the closed socket, and nobody is waiting
    const outcome = await Promise.race([dialogue.then(() => "sent" as const), deadline]);
    if (outcome === "timeout" && !session.accepted) {
      throw new SmtpSendError(`SMTP ${where}: timed out after ${timeoutMs} ms ${session.step}`);
    }
  } catch (error) {
    const step = session?.step ?? "connecting";
    throw redact(error instanceof SmtpSendError ? error : new SmtpSendError(`SMTP ${where}: ${step} failed: ${messageOf(error)}`), secret);
  } finally {
    clearTimeout(timer);
    session?.close();
  }
}

/** The RFC 5322 message, dot-stuffed and ended with `.`, ready for DATA. */
function compose(settings: SmtpSettings, mail: OutgoingMail): string {
  const fromName = settings.from.name === null ? "" : displayName(settings.from.name);
  const toName = displayName(mail.to.name);
  return new Email({
    from: fromName === "" ? { email: settings.from.email } : { name: fromName, email: settings.from.email },
    to: toName === "" ? { email: mail.to.email } : { name: toName, email: mail.to.email },
    subject: subjectLine(mail.subject),
    text: mail.text,
    html: mail.html,
  }).getEmailData();
}

/** A display name that worker-mailer can put between quotes: one line, no quote or backslash. */
function displayName(name: string): string {
  return oneLine(name).replace(/["\\]/g, "").trim();
}

/** The subject on one line, cut so that its encoded header stays well inside the line limit. */
function subjectLine(subject: string): string {
  let characters = Array.from(oneLine(subject).trim());
  while (characters.length > 0 && encodeHeader(characters.join("")).length > MAX_ENCODED_SUBJECT) {
    characters = characters.slice(0, Math.floor(characters.length * 0.9));
  }
  return characters.join("");
}

/** The same error with every trace of the password (plain or in an AUTH PLAIN blob) removed. */
function redact(error: SmtpSendError, secret: string | null): SmtpSendError {
  if (!secret) return error;
  let message = error.message;
  for (const form of [secret, base64(secret)]) message = message.split(form).join("[redacted]");
  message = message.replace(/AUTH PLAIN \S+/g, "AUTH PLAIN [redacted]");
  if (message === error.message) return error;
  return new SmtpSendError(message, error.replyCode);
}
