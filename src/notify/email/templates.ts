import type { NotificationEvent } from "../../domain/notification-events";
import { isKnownZone, offsetAt } from "../../domain/time-zone";

/**
 * The emails of contract §6, as pure functions of their facts: one template per notification
 * event, plus the password-reset mail. Each gives a subject, a plain-text part and an HTML part.
 * Every user-supplied string is escaped in the HTML and put on one line where it stands on one
 * (title, names), so neither part can be bent into markup, extra headers or fake lines; the
 * subject never holds a line break.
 */

export type EventEmailFacts = {
  event: NotificationEvent;
  /** The notification's own sentence, as the in-app copy shows it. */
  message: string;
  ticket: { key: string; title: string; priority: string; status: string; risk: string | null; dueAt: string | null /* ISO UTC */ };
  metric?: string | null;
  band?: string | null;
  actorName?: string | null;
  comment?: { body: string } | null;
  recipient: { name: string; timeZone: string };
  appUrl: string;
};

export type RenderedEmail = { subject: string; text: string; html: string };

export type PasswordResetFacts = { name: string; link: string; expiresAt: Date; timeZone: string };

const PRODUCT = "slaguard";

type Template = { headline: (facts: EventEmailFacts) => string };

const sla = (what: string) => (facts: EventEmailFacts) => `SLA ${what}${facts.metric ? ` (${facts.metric})` : ""}`;

/** What happened, in a few words: the subject's and the mail's headline. */
const TEMPLATES: Record<NotificationEvent, Template> = {
  "ticket.created": { headline: () => "New ticket" },
  "ticket.assigned": { headline: (facts) => (facts.actorName ? `Assigned by ${facts.actorName}` : "Ticket assigned") },
  "ticket.status_changed": { headline: (facts) => `Status changed to ${facts.ticket.status}` },
  "comment.added": { headline: (facts) => (facts.actorName ? `New comment from ${facts.actorName}` : "New comment") },
  "ticket.escalated": { headline: () => "Ticket escalated" },
  "sla.warning": { headline: sla("warning") },
  "sla.high_risk": { headline: sla("at high risk") },
  "sla.due_soon": { headline: sla("due soon") },
  "sla.breached": { headline: sla("breached") },
};

/** The email for one notification event to one person. */
export function renderEventEmail(facts: EventEmailFacts): RenderedEmail {
  const ticket = facts.ticket;
  const key = singleLine(ticket.key);
  const title = singleLine(ticket.title);
  const headline = singleLine(TEMPLATES[facts.event].headline(facts));
  const link = ticketLink(facts.appUrl, ticket.key);
  const due = ticket.dueAt === null ? "none" : formatInZone(ticket.dueAt, facts.recipient.timeZone);
  const fields: [string, string][] = [
    ["Ticket", `${key} · ${title}`],
    ["Status", singleLine(ticket.status)],
    ["Priority", singleLine(ticket.priority)],
    ["Risk", ticket.risk === null ? "none" : singleLine(ticket.risk)],
    ["Due", due],
  ];
  if (facts.metric && facts.band) fields.push(["SLA", `${singleLine(facts.metric)}: ${singleLine(facts.band)}`]);
  if (facts.actorName) fields.push(["By", singleLine(facts.actorName)]);
  const message = paragraph(facts.message);
  const comment = facts.comment ? paragraph(facts.comment.body) : null;
  const greeting = `Hello ${singleLine(facts.recipient.name)},`;
  const footer = `You receive this email because of your ${PRODUCT} notification preferences; you can change them in the dashboard.`;

  const text = [
    greeting,
    "",
    `${headline}: ${key} ${title}`,
    "",
    message,
    "",
    ...fields.map(([name, value]) => `${`${name}:`.padEnd(10)}${value}`),
    ...(comment === null ? [] : ["", "Comment:", ...comment.split("\n").map((line) => `> ${line}`)]),
    "",
    `Open the ticket: ${link}`,
    "",
    "-- ",
    footer,
    "",
  ].join("\n");

  const html = page(
    `${key} ${headline}`,
    [
      `<p>${escapeHtml(greeting)}</p>`,
      `<h1 style="font-size:18px;margin:16px 0 8px">${escapeHtml(headline)}: ${escapeHtml(key)} ${escapeHtml(title)}</h1>`,
      `<p>${multiline(message)}</p>`,
      `<table role="presentation" style="border-collapse:collapse;margin:12px 0">${fields
        .map(([name, value]) => `<tr><th align="left" style="padding:2px 12px 2px 0;color:#555;font-weight:normal">${escapeHtml(name)}</th><td style="padding:2px 0">${escapeHtml(value)}</td></tr>`)
        .join("")}</table>`,
      comment === null ? "" : `<blockquote style="margin:12px 0;padding:8px 12px;border-left:3px solid #ccc;color:#333">${multiline(comment)}</blockquote>`,
      `<p><a href="${escapeHtml(link)}" style="display:inline-block;padding:8px 14px;background:#1f6feb;color:#fff;text-decoration:none;border-radius:4px">Open ${escapeHtml(key)}</a></p>`,
      `<p style="font-size:12px;color:#777">${escapeHtml(link)}<br>${escapeHtml(footer)}</p>`,
    ].join("\n"),
  );

  return { subject: subject(`[${key}] ${headline}: ${title}`), text, html };
}

/** The password-reset email; `link` comes from `resetLink`. */
export function renderPasswordResetEmail(facts: PasswordResetFacts): RenderedEmail {
  const greeting = `Hello ${singleLine(facts.name)},`;
  const until = formatInZone(facts.expiresAt, facts.timeZone);
  const asked = `Someone, hopefully you, asked to reset the password of your ${PRODUCT} account.`;
  const use = `Open this link to choose a new password. It works once, until ${until}:`;
  const ignore = "If you did not ask for this, ignore this email: your password stays as it is.";
  const text = [greeting, "", asked, use, "", facts.link, "", ignore, ""].join("\n");
  const html = page(
    "Reset your password",
    [
      `<p>${escapeHtml(greeting)}</p>`,
      `<p>${escapeHtml(asked)} ${escapeHtml(use)}</p>`,
      `<p><a href="${escapeHtml(facts.link)}" style="display:inline-block;padding:8px 14px;background:#1f6feb;color:#fff;text-decoration:none;border-radius:4px">Choose a new password</a></p>`,
      `<p style="font-size:12px;color:#777">${escapeHtml(facts.link)}</p>`,
      `<p>${escapeHtml(ignore)}</p>`,
    ].join("\n"),
  );
  return { subject: subject(`Reset your ${PRODUCT} password`), text, html };
}

/** `{APP_URL}/tickets/{key}`, whether or not APP_URL ends with a slash. */
export function ticketLink(appUrl: string, key: string): string {
  return `${baseUrl(appUrl)}/tickets/${encodeURIComponent(key)}`;
}

/** `{APP_URL}/reset-password?token=…`, the dashboard screen that sets a new password. */
export function resetLink(appUrl: string, token: string): string {
  return `${baseUrl(appUrl)}/reset-password?token=${encodeURIComponent(token)}`;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * An instant as a person in `timeZone` reads it, naming the zone: "Mon 7 Dec 2026, 12:00
 * (Europe/Berlin)". An unknown zone falls back to UTC; an unreadable instant is shown as given.
 * Built from numbers rather than a locale's words, so it reads the same on every runtime.
 */
export function formatInZone(at: Date | string, timeZone: string): string {
  const instant = typeof at === "string" ? Date.parse(at) : at.getTime();
  if (Number.isNaN(instant)) return singleLine(String(at));
  const zone = isKnownZone(timeZone) ? timeZone : "UTC";
  const wall = new Date(instant + offsetAt(zone, instant));
  const time = `${String(wall.getUTCHours()).padStart(2, "0")}:${String(wall.getUTCMinutes()).padStart(2, "0")}`;
  return `${WEEKDAYS[wall.getUTCDay()]} ${wall.getUTCDate()} ${MONTHS[wall.getUTCMonth()]} ${wall.getUTCFullYear()}, ${time} (${zone})`;
}

/** Text safe inside HTML elements and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function baseUrl(appUrl: string): string {
  return appUrl.trim().replace(/\/+$/, "");
}

/** Control characters and line breaks (of any kind) become single spaces. */
function singleLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim();
}

/** A subject: one line, not absurdly long. */
function subject(text: string): string {
  const characters = Array.from(singleLine(text));
  return characters.length > 200 ? `${characters.slice(0, 199).join("")}…` : characters.join("");
}

/** Free text that keeps its lines (LF only), without other control characters. */
function paragraph(text: string): string {
  return text
    .replace(/\r\n?|[\u0085\u2028\u2029]/g, "\n")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, " ")
    .trim();
}

function multiline(text: string): string {
  return escapeHtml(text).replace(/\n/g, "<br>\n");
}

function page(title: string, body: string): string {
  return [
    "<!doctype html>",
    '<html lang="en">',
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>`,
    '<body style="margin:0;padding:24px;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;line-height:1.5;color:#111">',
    body,
    `<p style="font-size:12px;color:#777">${PRODUCT}</p>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
