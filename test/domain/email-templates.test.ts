import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NOTIFICATION_EVENTS } from "../../src/domain/notification-events";
import {
  escapeHtml,
  formatInZone,
  renderEventEmail,
  renderPasswordResetEmail,
  resetLink,
  ticketLink,
  type EventEmailFacts,
} from "../../src/notify/email/templates";

const HOSTILE = "<img src=x onerror=alert(1)>";

function facts(overrides: Partial<EventEmailFacts> = {}): EventEmailFacts {
  return {
    event: "ticket.created",
    message: "OPS-42 was created by Grace Hopper.",
    ticket: { key: "OPS-42", title: "Printer on fire", priority: "P2", status: "open", risk: "warning", dueAt: "2026-12-07T11:00:00.000Z" },
    metric: null,
    band: null,
    actorName: "Grace Hopper",
    comment: null,
    recipient: { name: "Ada Lovelace", timeZone: "Europe/Berlin" },
    appUrl: "https://desk.example.com/",
    ...overrides,
  };
}

/** How many times `needle` occurs in `text`. */
function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe("event emails", () => {
  it.each(NOTIFICATION_EVENTS)("%s: subject, text and HTML carry the key, title, risk, due time and link", (event) => {
    const sla = event.startsWith("sla.");
    const email = renderEventEmail(
      facts({ event, metric: sla ? "resolution" : null, band: sla ? event.slice(4) : null, comment: event === "comment.added" ? { body: "Tried turning it off." } : null }),
    );
    expect(email.subject).toMatch(/^\[OPS-42\] /);
    expect(email.subject).toContain("Printer on fire");
    for (const part of [email.text, email.html]) {
      expect(part).toContain("OPS-42");
      expect(part).toContain("Printer on fire");
      expect(part).toContain("warning");
      expect(part).toContain("Mon 7 Dec 2026, 12:00 (Europe/Berlin)");
      expect(part).toContain("https://desk.example.com/tickets/OPS-42");
      expect(part).not.toContain("desk.example.com//");
    }
    if (sla) expect(email.subject).toContain("(resolution)");
    if (event === "comment.added") {
      expect(email.text).toContain("> Tried turning it off.");
      expect(email.html).toContain("Tried turning it off.");
    }
  });

  it("says what happened in the subject, per event", () => {
    const subjects = Object.fromEntries(
      NOTIFICATION_EVENTS.map((event) => [event, renderEventEmail(facts({ event, metric: "response", actorName: null, ticket: { ...facts().ticket, status: "pending" } })).subject]),
    );
    expect(subjects).toEqual({
      "ticket.created": "[OPS-42] New ticket: Printer on fire",
      "ticket.assigned": "[OPS-42] Ticket assigned: Printer on fire",
      "ticket.status_changed": "[OPS-42] Status changed to pending: Printer on fire",
      "comment.added": "[OPS-42] New comment: Printer on fire",
      "ticket.escalated": "[OPS-42] Ticket escalated: Printer on fire",
      "sla.warning": "[OPS-42] SLA warning (response): Printer on fire",
      "sla.high_risk": "[OPS-42] SLA at high risk (response): Printer on fire",
      "sla.due_soon": "[OPS-42] SLA due soon (response): Printer on fire",
      "sla.breached": "[OPS-42] SLA breached (response): Printer on fire",
    });
    expect(new Set(Object.values(subjects)).size).toBe(NOTIFICATION_EVENTS.length);
  });

  it("shows the due time in the recipient's own zone", () => {
    const due = "2026-12-07T11:00:00.000Z";
    const at = (timeZone: string) => renderEventEmail(facts({ recipient: { name: "x", timeZone } })).text;
    expect(at("Europe/Berlin")).toContain("Mon 7 Dec 2026, 12:00 (Europe/Berlin)");
    expect(at("America/New_York")).toContain("Mon 7 Dec 2026, 06:00 (America/New_York)");
    expect(at("Asia/Kolkata")).toContain("Mon 7 Dec 2026, 16:30 (Asia/Kolkata)");
    expect(at("Pacific/Kiritimati")).toContain("Tue 8 Dec 2026, 01:00 (Pacific/Kiritimati)");
    expect(at("UTC")).toContain("Mon 7 Dec 2026, 11:00 (UTC)");
    // summer time, and an unknown zone falling back to UTC rather than failing the mail
    expect(formatInZone(new Date("2026-07-01T22:30:00Z"), "Europe/Berlin")).toBe("Thu 2 Jul 2026, 00:30 (Europe/Berlin)");
    expect(formatInZone(due, "Mars/Olympus_Mons")).toBe("Mon 7 Dec 2026, 11:00 (UTC)");
    expect(renderEventEmail(facts({ ticket: { ...facts().ticket, dueAt: null, risk: null } })).text).toMatch(/Due: +none/);
  });

  it("escapes a hostile title, names, message and comment in the HTML, and keeps the subject on one line", () => {
    const email = renderEventEmail(
      facts({
        event: "comment.added",
        message: `Comment by ${HOSTILE}`,
        ticket: { ...facts().ticket, title: `${HOSTILE}\r\nBcc: victim@example.com` },
        actorName: `"><script>alert(1)</script>`,
        comment: { body: `</blockquote><a href="javascript:alert(1)">x</a>` },
        recipient: { name: "<b>Ada</b>", timeZone: "UTC" },
      }),
    );
    expect(email.html).not.toContain("<img");
    expect(email.html).not.toContain("<script");
    expect(email.html).not.toContain('<a href="javascript');
    expect(count(email.html, "</blockquote>")).toBe(1);
    expect(email.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(email.html).toContain("&lt;b&gt;Ada&lt;/b&gt;");
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toBe(`[OPS-42] New comment from "><script>alert(1)</script>: ${HOSTILE} Bcc: victim@example.com`);
    // the text part: the title stays on its line, so it cannot fake a line such as a link
    expect(email.text).toContain(`${HOSTILE} Bcc: victim@example.com`);
    expect(email.text).not.toMatch(/\r/);
    expect(email.text.split("\n").filter((line) => line.startsWith("Bcc:"))).toEqual([]);
  });

  it("never lets a character of a user-supplied string become markup (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.constantFrom(...NOTIFICATION_EVENTS), (text, event) => {
        const html = renderEventEmail(
          facts({ event, ticket: { ...facts().ticket, title: text }, comment: { body: text }, actorName: text, message: text, recipient: { name: text, timeZone: "UTC" } }),
        ).html;
        // the same mail with harmless strings: the user's text may add no <, > or " of its own
        // (line breaks of the message and comment become the template's own <br>, left out here)
        const baseline = renderEventEmail(facts({ event, comment: { body: "x" }, actorName: text === "" ? null : "x", recipient: { name: "x", timeZone: "UTC" } })).html;
        const markupOf = (page: string) => page.replaceAll("<br>\n", "");
        for (const markup of ["<", ">", '"']) expect(count(markupOf(html), markup), markup).toBe(count(baseline, markup));
      }),
      { numRuns: 300 },
    );
  });

  it("puts the title in the HTML escaped, for any title (property)", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const title = `[[${text}]]`; // brackets mark where the title starts and ends
        const html = renderEventEmail(facts({ ticket: { ...facts().ticket, title } })).html;
        const shown = title.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ");
        expect(html).toContain(escapeHtml(shown));
        if (escapeHtml(shown) !== shown) expect(html).not.toContain(shown);
      }),
      { numRuns: 300 },
    );
  });

  it("links to the ticket whether or not APP_URL ends with a slash", () => {
    expect(ticketLink("http://localhost:8787", "OPS-1")).toBe("http://localhost:8787/tickets/OPS-1");
    expect(ticketLink("http://localhost:8787/", "OPS-1")).toBe("http://localhost:8787/tickets/OPS-1");
    expect(ticketLink("https://desk.example.com/app//", "OPS-1")).toBe("https://desk.example.com/app/tickets/OPS-1");
  });
});

describe("password-reset email", () => {
  it("links to the dashboard's reset screen with the token URL-encoded", () => {
    expect(resetLink("http://localhost:8787/", "abc")).toBe("http://localhost:8787/reset-password?token=abc");
    expect(resetLink("http://localhost:8787", "a+b/c=d&e f")).toBe("http://localhost:8787/reset-password?token=a%2Bb%2Fc%3Dd%26e%20f");
  });

  it("carries the link in both parts and the expiry in the person's zone", () => {
    const link = resetLink("https://desk.example.com", "tok&en<1>");
    const email = renderPasswordResetEmail({ name: "Ada <Lovelace>", link, expiresAt: new Date("2026-12-07T11:00:00Z"), timeZone: "Europe/Berlin" });
    expect(email.subject).toBe("Reset your slaguard password");
    expect(email.text).toContain(link);
    expect(email.text).toContain("Mon 7 Dec 2026, 12:00 (Europe/Berlin)");
    expect(email.html).toContain("Mon 7 Dec 2026, 12:00 (Europe/Berlin)");
    expect(email.html).toContain(`href="${escapeHtml(link)}"`);
    expect(email.html).toContain("Ada &lt;Lovelace&gt;");
    expect(email.html).not.toContain("<Lovelace>");
  });
});
