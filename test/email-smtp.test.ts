// The email channel against real SMTP peers (test/setup/smtp-server.ts, in Node): what a server
// receives from sendMail, and the refusals that keep a password off the wire.
import { describe, expect, inject, it, vi } from "vitest";
import { smtpSettingsOf, type SmtpSettings } from "../src/notify/email/smtp-settings";
import { sendMail, SmtpSendError } from "../src/notify/email/smtp-transport";
import { renderEventEmail, type EventEmailFacts } from "../src/notify/email/templates";
import { parseMail, receivedMail, smtpEvents, type SmtpEvent } from "./mail-helpers";

const HOSTILE_TITLE = "<img src=x onerror=alert(1)>";
const PASSWORD = "hunter2-do-not-leak";

function settings(overrides: Partial<SmtpSettings>): SmtpSettings {
  const smtp = inject("smtp");
  return { host: smtp.host, port: smtp.plainPort, secure: "none", from: { name: "slaguard", email: "no-reply@slaguard.test" }, auth: null, ...overrides };
}

/** A recipient no other test uses, so parallel files sharing the inbox do not see each other's mail. */
function uniqueRecipient(): string {
  return `rcpt-${crypto.randomUUID()}@example.test`;
}

const FACTS: Omit<EventEmailFacts, "recipient"> = {
  event: "sla.breached",
  message: "The resolution SLA of OPS-7 is breached.",
  ticket: { key: "OPS-7", title: HOSTILE_TITLE, priority: "P1", status: "open", risk: "breached", dueAt: "2026-12-07T11:00:00.000Z" },
  metric: "resolution",
  band: "breached",
  appUrl: "http://localhost:8787/",
};

/** The events a peer records while `action` runs (tests in this file run one after another). */
async function eventsDuring(server: "noStartTls" | "startTls" | "injecting" | "silent", action: () => Promise<unknown>): Promise<SmtpEvent[]> {
  const before = (await smtpEvents(server)).length;
  await action();
  return (await smtpEvents(server)).slice(before);
}

/** A throwaway message to a recipient of its own. */
const someMail = () => ({ to: { name: "x", email: uniqueRecipient() }, subject: "s", text: "t", html: "h" });

/** A starttls send with credentials to a peer whose upgrade goes wrong: the error, and the commands the peer read. */
async function failedStartTls(server: "startTls" | "injecting", port: number) {
  let failure: unknown;
  const events = await eventsDuring(server, async () => {
    failure = await sendMail(settings({ port, secure: "starttls", auth: { user: "mailer", pass: PASSWORD } }), someMail(), { timeoutMs: 5_000 }).catch((error: unknown) => error);
    await vi.waitFor(async () => expect((await smtpEvents(server)).at(-1)?.kind).toBe("close"), { timeout: 5_000, interval: 20 });
  });
  return { failure, commands: events.filter((event) => event.kind === "command").map((event) => event.detail) };
}

describe("smtpSettingsOf", () => {
  const base = { SMTP_HOST: "smtp.example.com", SMTP_PORT: "587", SMTP_SECURE: "starttls", SMTP_FROM: "slaguard <no-reply@slaguard.invalid>" };

  it("reads the environment, with a display name in SMTP_FROM and optional credentials", () => {
    expect(smtpSettingsOf({ ...base, SMTP_USER: "mailer", SMTP_PASS: PASSWORD })).toEqual({
      ok: true,
      settings: { host: "smtp.example.com", port: 587, secure: "starttls", from: { name: "slaguard", email: "no-reply@slaguard.invalid" }, auth: { user: "mailer", pass: PASSWORD } },
    });
    const tls = smtpSettingsOf({ ...base, SMTP_PORT: "465", SMTP_SECURE: "tls", SMTP_FROM: "no-reply@slaguard.invalid" });
    expect(tls).toMatchObject({ ok: true, settings: { port: 465, secure: "tls", from: { name: null, email: "no-reply@slaguard.invalid" }, auth: null } });
  });

  it("says SMTP is not configured without a host", () => {
    expect(smtpSettingsOf({ ...base, SMTP_HOST: "" })).toEqual({ ok: false, reason: "SMTP is not configured" });
    expect(smtpSettingsOf({ ...base, SMTP_HOST: "  " })).toEqual({ ok: false, reason: "SMTP is not configured" });
  });

  it("refuses `none` for any host but a loopback one", () => {
    const refused = smtpSettingsOf({ ...base, SMTP_SECURE: "none" });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reason).toMatch(/SMTP_SECURE=none is allowed only for a loopback host .*smtp\.example\.com/);
    for (const host of ["127.0.0.2", "0.0.0.0", "localhost.example.com", "::ffff:127.0.0.1", "10.0.0.1"]) {
      expect(smtpSettingsOf({ ...base, SMTP_HOST: host, SMTP_SECURE: "none" }).ok, host).toBe(false);
    }
    for (const host of ["127.0.0.1", "::1", "[::1]", "localhost", "LOCALHOST"]) {
      expect(smtpSettingsOf({ ...base, SMTP_HOST: host, SMTP_PORT: "1025", SMTP_SECURE: "none" }).ok, host).toBe(true);
    }
  });

  it("refuses a bad port, security mode, sender or half a credential, naming the variable", () => {
    for (const port of ["", "0", "65536", "587a", "-1", "1e3"]) {
      expect(smtpSettingsOf({ ...base, SMTP_PORT: port }), port).toMatchObject({ ok: false, reason: expect.stringContaining("SMTP_PORT") });
    }
    for (const secure of ["", "ssl", "yes", "true"]) {
      expect(smtpSettingsOf({ ...base, SMTP_SECURE: secure }), secure).toMatchObject({ ok: false, reason: expect.stringContaining("SMTP_SECURE") });
    }
    for (const from of ["", "slaguard", "a@b\r\nBcc: x@y.z", "<a b@c.d>"]) {
      expect(smtpSettingsOf({ ...base, SMTP_FROM: from }), from).toMatchObject({ ok: false, reason: expect.stringContaining("SMTP_FROM") });
    }
    expect(smtpSettingsOf({ ...base, SMTP_HOST: "smtp.example.com\r\nX" })).toMatchObject({ ok: false, reason: expect.stringContaining("SMTP_HOST") });
    const halfCredential = smtpSettingsOf({ ...base, SMTP_PASS: PASSWORD });
    expect(halfCredential).toEqual({ ok: false, reason: "SMTP_PASS is set but SMTP_USER is not" });
    expect(smtpSettingsOf({ ...base, SMTP_USER: "mailer" })).toEqual({ ok: false, reason: "SMTP_USER is set but SMTP_PASS is not" });
  });
});

describe("sendMail", () => {
  it("delivers a text and an HTML part, the hostile title escaped, to a real SMTP server", async () => {
    const to = uniqueRecipient();
    const email = renderEventEmail({ ...FACTS, recipient: { name: "Ada Lovelace", timeZone: "Europe/Berlin" } });
    await sendMail(settings({}), { to: { name: "Ada Lovelace", email: to }, ...email });

    const [received, ...more] = await receivedMail(to);
    expect(more).toEqual([]);
    expect(received).toMatchObject({ server: "plain", from: "no-reply@slaguard.test", to: [to] });
    const mail = parseMail(received!.raw);
    expect(mail.headers.get("to")).toBe(`"Ada Lovelace" <${to}>`);
    expect(mail.headers.get("from")).toBe(`"slaguard" <no-reply@slaguard.test>`);
    expect(mail.headers.get("subject")).toBe(email.subject);
    expect(email.subject).toBe(`[OPS-7] SLA breached (resolution): ${HOSTILE_TITLE}`);

    expect(mail.parts.map((part) => part.contentType)).toEqual(["text/plain", "text/html"]);
    const [text, html] = mail.parts;
    expect(text!.body.trimEnd()).toBe(email.text.trimEnd());
    expect(html!.body.trimEnd()).toBe(email.html.trimEnd());
    expect(html!.body).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html!.body).not.toContain("<img");
    expect(text!.body).toContain("Mon 7 Dec 2026, 12:00 (Europe/Berlin)");
    expect(html!.body).toContain('href="http://localhost:8787/tickets/OPS-7"');
  });

  it("keeps a message with lines starting with a dot and non-ASCII text intact", async () => {
    const to = uniqueRecipient();
    const text = ".leading dot\n..two dots\n.\nÜmlaut · 東京 – done";
    await sendMail(settings({}), { to: { name: "Zoë", email: to }, subject: "Ünïcode subject", text, html: `<p>${text}</p>` });
    const [received] = await receivedMail(to);
    const mail = parseMail(received!.raw);
    expect(mail.headers.get("subject")).toBe("Ünïcode subject");
    expect(mail.parts[0]!.body.trimEnd()).toBe(text);
  });

  it("puts no header from a subject or name with line breaks", async () => {
    const to = uniqueRecipient();
    await sendMail(settings({}), { to: { name: 'Eve"\r\nBcc: victim@example.test', email: to }, subject: "Hello\r\nBcc: victim@example.test", text: "x", html: "<p>x</p>" });
    const [received] = await receivedMail(to);
    expect(received!.to).toEqual([to]);
    const mail = parseMail(received!.raw);
    expect(mail.headers.has("bcc")).toBe(false);
    expect(mail.headers.get("subject")).toBe("Hello Bcc: victim@example.test");
  });

  it("refuses a recipient address that could bend the SMTP command, before connecting", async () => {
    await expect(sendMail(settings({}), { to: { name: "x", email: "a@b.test>\r\nRCPT TO:<c@d.test" }, subject: "s", text: "t", html: "h" })).rejects.toThrow(/recipient address/);
  });

  it("with starttls, leaves a server that does not offer STARTTLS before any AUTH, and sends nothing", async () => {
    const smtp = inject("smtp");
    let failure: unknown;
    const events = await eventsDuring("noStartTls", async () => {
      failure = await sendMail(settings({ port: smtp.noStartTlsPort, secure: "starttls", auth: { user: "mailer", pass: PASSWORD } }), someMail()).catch((error: unknown) => error);
    });
    expect(failure).toBeInstanceOf(SmtpSendError);
    expect((failure as Error).message).toMatch(/does not offer STARTTLS; refusing to go on without TLS/);
    expect((failure as Error).message).not.toContain(PASSWORD);
    const commands = events.filter((event) => event.kind === "command").map((event) => event.detail);
    expect(commands).toEqual([expect.stringMatching(/^EHLO /)]); // the conversation did happen, and stopped there
    expect(commands.some((command) => /^(AUTH|MAIL|RCPT|DATA)\b/i.test(command))).toBe(false);
  });

  it("with starttls, upgrades before anything else and stops when the handshake fails (untrusted certificate)", async () => {
    const { failure, commands } = await failedStartTls("startTls", inject("smtp").startTlsPort);
    expect(failure).toBeInstanceOf(SmtpSendError);
    expect((failure as Error).message).toMatch(/: the TLS upgrade after STARTTLS failed \(TLS handshake refused, or the certificate is not trusted for 127\.0\.0\.1\)/);
    expect((failure as Error).message).not.toContain(PASSWORD);
    expect(commands).toEqual([expect.stringMatching(/^EHLO /), "STARTTLS"]);
  });

  it("with starttls, refuses plaintext slipped in after the server's go-ahead (STARTTLS response injection)", async () => {
    const { failure, commands } = await failedStartTls("injecting", inject("smtp").injectingPort);
    expect(failure).toBeInstanceOf(SmtpSendError);
    // The injected lines come in the go-ahead's packet; were they ever split off, the TLS handshake would fail on them instead.
    expect((failure as Error).message).toMatch(/sent data after its STARTTLS answer|TLS upgrade after STARTTLS failed/);
    expect(commands).toEqual([expect.stringMatching(/^EHLO /), "STARTTLS"]);
  });

  it("reports a refused login without the password", async () => {
    // On loopback `none` may authenticate in plaintext: the peer refuses the credentials.
    const smtp = inject("smtp");
    const failure = await sendMail(settings({ port: smtp.noStartTlsPort, secure: "none", auth: { user: "mailer", pass: PASSWORD } }), someMail()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SmtpSendError);
    expect((failure as SmtpSendError).message).toMatch(/refused AUTH PLAIN: 535/);
    expect((failure as SmtpSendError).replyCode).toBe(535);
    expect((failure as Error).message).not.toContain(PASSWORD);
    expect((failure as Error).message).not.toContain(btoa(`\u0000mailer\u0000${PASSWORD}`));
  });

  it("with tls, does not fall back to plaintext on a server without TLS", async () => {
    const to = uniqueRecipient();
    const failure = await sendMail(settings({ secure: "tls" }), { to: { name: "x", email: to }, subject: "s", text: "t", html: "h" }, { timeoutMs: 5_000 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SmtpSendError);
    expect((failure as Error).message).toMatch(/^SMTP 127\.0\.0\.1:\d+: connecting with TLS failed \(connection refused, TLS handshake refused, or the certificate is not trusted for 127\.0\.0\.1\): /);
    expect(await receivedMail(to)).toEqual([]);
  });

  it("gives up on a server that never answers, within the timeout, and closes the connection", async () => {
    const smtp = inject("smtp");
    let failure: unknown;
    let elapsed = 0;
    const events = await eventsDuring("silent", async () => {
      const started = Date.now();
      failure = await sendMail(settings({ port: smtp.silentPort }), someMail(), { timeoutMs: 300 }).catch(
        (error: unknown) => error,
      );
      elapsed = Date.now() - started;
      // the peer notices the close a moment after the client makes it
      await vi.waitFor(async () => expect((await smtpEvents("silent")).at(-1)?.kind).toBe("close"), { timeout: 5_000, interval: 20 });
    });
    expect(failure).toBeInstanceOf(SmtpSendError);
    expect((failure as Error).message).toBe(`SMTP 127.0.0.1:${smtp.silentPort}: timed out after 300 ms waiting for the greeting`);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(5_000);
    expect(events.map((event) => event.kind)).toEqual(["connect", "close"]);
  });

  it("reports a refused connection", async () => {
    const port = inject("smtp").closedPort;
    const failure = await sendMail(settings({ port }), someMail(), { timeoutMs: 5_000 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SmtpSendError);
    expect((failure as Error).message).toMatch(new RegExp(`^SMTP 127\\.0\\.0\\.1:${port}: connecting failed: `));
  });
});
