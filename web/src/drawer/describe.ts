// A ticket's SLA timeline and history as sentences. Pure: unit-tested in the Workers runtime
// (test/web/); `timeZone` is a parameter so that tests do not depend on the machine's.
import type { HistoryEntry, TimelineEntry } from "../api/types";
import { formatMinutes } from "../time/countdown";

/** One formatter per time zone ("" for the browser's own): building one costs more than formatting. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** "Mon 1 Dec 14:00" in `timeZone` (the browser's own when left out). */
export function formatWhen(iso: string | number, timeZone?: string): string {
  let format = formatters.get(timeZone ?? "");
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      ...(timeZone && { timeZone }),
    });
    formatters.set(timeZone ?? "", format);
  }
  const parts = format.formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("weekday")} ${part("day")} ${part("month")} ${part("hour")}:${part("minute")}`;
}

export const bandWords = (band: string) => band.replace(/_/g, " ");

/** "Mon 1 Dec 14:00 — resolution paused (4 h 0 min elapsed)". */
export function describeTimelineEntry(entry: TimelineEntry, timeZone?: string): string {
  const due = entry.dueAt ? `, due ${formatWhen(entry.dueAt, timeZone)}` : "";
  const what: Record<TimelineEntry["kind"], string> = {
    started: `started${due}`,
    retargeted: `re-targeted to another policy${due.replace("due", "now due")}`,
    paused: "paused",
    resumed: `resumed${due}`,
    met: "met",
    crossed: entry.band === "due_soon" ? "is due soon" : `reached ${bandWords(entry.band ?? "a new band")}`,
    breached: "breached",
  };
  return `${formatWhen(entry.at, timeZone)} — ${entry.metric} ${what[entry.kind]} (${formatMinutes(entry.elapsedMinutes)} elapsed)`;
}

export const statusWords = (status: string) => status.replace(/_/g, " ");

type NameOf = (userId: string | null) => string;

const asRecord = (value: unknown): Record<string, unknown> => (value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

function valueWords(key: string, value: unknown, nameOf: NameOf): string {
  if (key === "assigneeId" || key === "userId") return value ? nameOf(String(value)) : "nobody";
  if (key === "status" && typeof value === "string") return statusWords(value);
  if (value === null || value === undefined || value === "") return "none";
  if (Array.isArray(value)) return value.length ? value.map(String).join(", ") : "none";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** "priority P3 → P1, title …": what a change moved, field by field. */
function changeWords(from: unknown, to: unknown, nameOf: NameOf): string {
  const before = asRecord(from);
  const after = asRecord(to);
  return Object.keys(after)
    .map((key) => (key in before ? `${key} ${valueWords(key, before[key], nameOf)} → ${valueWords(key, after[key], nameOf)}` : `${key} ${valueWords(key, after[key], nameOf)}`))
    .join(", ");
}

/** Who did it ("System" for the risk pass, the rooms' alarms and automations) and what, in words. */
export function describeHistoryEntry(entry: HistoryEntry, nameOf: NameOf): { actor: string; text: string } {
  const actor = entry.actorId === null ? "System" : nameOf(entry.actorId);
  const to = asRecord(entry.to);
  const text = (() => {
    switch (entry.action) {
      case "created":
        return "created the ticket";
      case "assigned":
        return to.assigneeId ? `assigned it to ${nameOf(String(to.assigneeId))}` : "unassigned it";
      case "status_changed":
        return `changed the status from ${statusWords(String(asRecord(entry.from).status ?? "?"))} to ${statusWords(String(to.status ?? "?"))}`;
      case "comment_added":
        return to.public === false ? "added an internal note" : "added a public comment";
      case "attachment_added":
        return "attached a file";
      case "escalated":
        return `escalated it to level ${String(to.level ?? "?")}${to.reason ? ` (${String(to.reason)})` : ""}`;
      case "acknowledged":
        return "acknowledged the escalation";
      case "updated":
        return `changed ${changeWords(entry.from, entry.to, nameOf)}`;
    }
    if (entry.action.startsWith("sla.")) {
      const band = entry.action.slice(4);
      return `${String(to.metric ?? "SLA")} ${band === "due_soon" ? "is due soon" : band === "breached" ? "breached" : `reached ${bandWords(band)}`}`;
    }
    const changes = changeWords(entry.from, entry.to, nameOf);
    return `${entry.action.replace(/[_.]/g, " ")}${changes ? `: ${changes}` : ""}`;
  })();
  return { actor, text };
}
