import { connect } from "cloudflare:sockets";
import type { SmtpSettings } from "./smtp-settings";

/**
 * One SMTP conversation on one socket, driven by `sendMail` (smtp-transport.ts, which explains why
 * it is ours and not worker-mailer's): greeting, EHLO, the STARTTLS upgrade with nothing said
 * before it but EHLO, authentication, and one message.
 */

export class SmtpSendError extends Error {
  override name = "SmtpSendError";
  constructor(
    message: string,
    /** The SMTP reply code that ended the send, when a reply did: 5xx is permanent, 4xx not. */
    readonly replyCode: number | null = null,
  ) {
    super(message);
  }
}

type Reply = { code: number; lines: string[] };

const MAX_REPLY_BYTES = 64 * 1024;
/** One SMTP conversation on one socket. */
export class Session {
  /** What the conversation is doing, for error messages: "waiting for the greeting", … */
  step = "connecting";
  /** Set once the server has answered 250 to the message: from then on the mail is sent. */
  accepted = false;
  private socket: Socket;
  private reader: ReadableStreamDefaultReader<Uint8Array>;
  private writer: WritableStreamDefaultWriter<Uint8Array>;
  private buffered = "";
  private readonly decoder = new TextDecoder();
  private readonly encoder = new TextEncoder();
  private closed = false;

  constructor(
    private readonly settings: SmtpSettings,
    private readonly where: string,
  ) {
    const secureTransport = settings.secure === "tls" ? "on" : settings.secure === "starttls" ? "starttls" : "off";
    this.socket = connect({ hostname: socketHost(settings.host), port: settings.port }, { secureTransport, allowHalfOpen: false });
    this.reader = this.socket.readable.getReader();
    this.writer = this.socket.writable.getWriter();
  }

  async deliver(to: string, message: string): Promise<void> {
    const settings = this.settings;
    let greeting: Reply;
    if (settings.secure === "tls") {
      // workerd reports a refused connection and a failed handshake alike, when the socket opens.
      greeting = await this.overTls("connecting with TLS", async () => {
        await this.socket.opened;
        this.step = "waiting for the greeting";
        return this.reply();
      });
    } else {
      await this.socket.opened;
      this.step = "waiting for the greeting";
      greeting = await this.reply();
    }
    this.expect(greeting, [220], "greeting");
    const heloName = settings.from.email.split("@")[1]!;
    let capabilities = await this.ehlo(heloName);

    if (settings.secure === "starttls") {
      if (!capabilities.has("STARTTLS")) {
        throw new SmtpSendError(`SMTP ${this.where}: the server does not offer STARTTLS; refusing to go on without TLS (SMTP_SECURE=starttls), nothing was sent`);
      }
      await this.command("STARTTLS", [220]);
      if (this.buffered !== "") throw new SmtpSendError(`SMTP ${this.where}: the server sent data after its STARTTLS answer; refusing to go on`);
      this.reader.releaseLock();
      this.writer.releaseLock();
      this.socket = this.socket.startTls();
      this.reader = this.socket.readable.getReader();
      this.writer = this.socket.writable.getWriter();
      // The handshake runs under the first write and read; the capabilities are asked anew over TLS.
      capabilities = await this.overTls("the TLS upgrade after STARTTLS", () => this.ehlo(heloName));
    }

    if (settings.auth) await this.authenticate(capabilities, settings.auth);

    await this.command(`MAIL FROM:<${settings.from.email}>`, [250]);
    await this.command(`RCPT TO:<${to}>`, [250, 251]);
    await this.command("DATA", [354]);
    this.step = "sending the message";
    await this.write(message);
    this.step = "waiting for the server to accept the message";
    this.expect(await this.reply(), [250], "the message");
    this.accepted = true;
  }

  /**
   * Runs the first exchange over a fresh TLS layer. workerd reports a failed handshake (an
   * untrusted certificate, a server that does not speak TLS) only as an opaque error ("internal
   * error", "cannot connect") on that exchange, so a failure there that is not an SMTP answer is
   * named a TLS failure, with the possible causes.
   */
  private async overTls<T>(what: string, exchange: () => Promise<T>): Promise<T> {
    try {
      return await exchange();
    } catch (error) {
      if (error instanceof SmtpSendError && error.replyCode !== null) throw error;
      const causes = what === "connecting with TLS" ? "connection refused, TLS handshake refused, or" : "TLS handshake refused, or";
      throw new SmtpSendError(`SMTP ${this.where}: ${what} failed (${causes} the certificate is not trusted for ${this.settings.host}): ${messageOf(error)}`);
    }
  }

  /** Closes the connection, saying QUIT first when it may still be listening. Never throws. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const socket = this.socket;
    const goodbye = this.accepted ? this.writer.write(this.encoder.encode("QUIT\r\n")).catch(() => {}) : Promise.resolve();
    void goodbye.finally(() => socket.close().catch(() => {}));
  }

  /** EHLO, answering the capability keywords (upper case) with the AUTH line's mechanisms. */
  private async ehlo(name: string): Promise<Map<string, string[]>> {
    const reply = await this.command(`EHLO ${name}`, [250]);
    const capabilities = new Map<string, string[]>();
    for (const line of reply.lines.slice(1)) {
      const [keyword = "", ...rest] = line.slice(4).trim().toUpperCase().split(/[\s=]+/);
      if (keyword !== "") capabilities.set(keyword, rest);
    }
    return capabilities;
  }

  private async authenticate(capabilities: Map<string, string[]>, auth: { user: string; pass: string }): Promise<void> {
    const mechanisms = capabilities.get("AUTH");
    if (!mechanisms) throw new SmtpSendError(`SMTP ${this.where}: SMTP_USER is set but the server offers no AUTH`);
    if (mechanisms.includes("PLAIN")) {
      await this.command(`AUTH PLAIN ${base64(`\u0000${auth.user}\u0000${auth.pass}`)}`, [235], "AUTH PLAIN");
    } else if (mechanisms.includes("LOGIN")) {
      await this.command("AUTH LOGIN", [334]);
      await this.command(base64(auth.user), [334], "AUTH LOGIN (user name)");
      await this.command(base64(auth.pass), [235], "AUTH LOGIN (password)");
    } else {
      throw new SmtpSendError(`SMTP ${this.where}: the server offers AUTH ${mechanisms.join(" ")}, none of PLAIN or LOGIN`);
    }
  }

  /** Sends one command line and checks the reply's code; `shown` names it in messages (never a secret). */
  private async command(line: string, expected: number[], shown = line.split(":")[0]!): Promise<Reply> {
    this.step = `waiting for the answer to ${shown}`;
    await this.write(`${line}\r\n`);
    return this.expect(await this.reply(), expected, shown);
  }

  private expect(reply: Reply, expected: number[], what: string): Reply {
    if (expected.includes(reply.code)) return reply;
    const text = oneLine(reply.lines.join(" ")).slice(0, 300);
    throw new SmtpSendError(`SMTP ${this.where} refused ${what}: ${text}`, reply.code);
  }

  private async write(data: string): Promise<void> {
    await this.writer.write(this.encoder.encode(data));
  }

  /** Reads one whole reply (`250-…` lines up to the `250 …` one). */
  private async reply(): Promise<Reply> {
    for (;;) {
      const reply = this.takeReply();
      if (reply) return reply;
      if (this.buffered.length > MAX_REPLY_BYTES) throw new SmtpSendError(`SMTP ${this.where}: the server's answer is too long`);
      const { value, done } = await this.reader.read();
      if (done) throw new SmtpSendError(`SMTP ${this.where}: the server closed the connection ${this.step}`);
      this.buffered += this.decoder.decode(value, { stream: true });
    }
  }

  private takeReply(): Reply | null {
    const lines: string[] = [];
    let rest = this.buffered;
    for (;;) {
      const end = rest.indexOf("\n");
      if (end < 0) return null;
      const line = rest.slice(0, end).replace(/\r$/, "");
      rest = rest.slice(end + 1);
      const match = /^(\d{3})([ -]|$)/.exec(line);
      if (!match) throw new SmtpSendError(`SMTP ${this.where}: not an SMTP answer: ${oneLine(line).slice(0, 100)}`);
      lines.push(line);
      if (match[2] !== "-") {
        this.buffered = rest;
        return { code: Number(match[1]), lines };
      }
    }
  }
}

/** The host as `connect()` takes it: an IPv6 literal in brackets (workerd refuses a bare `::1`). */
export function socketHost(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

/** No CR, LF or other control characters: each becomes a space. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, " ");
}

export function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function messageOf(error: unknown): string {
  return oneLine(error instanceof Error ? error.message : String(error)).slice(0, 300);
}
