import { MANDATORY_IN_APP, NOTIFICATION_EVENTS, type NotificationEvent } from "./notification-events";

/** A person's channels for one event. */
export type ChannelChoice = { inApp: boolean; email: boolean };
export type Preferences = Record<NotificationEvent, ChannelChoice>;

/** What a person gets before choosing: every event in-app and by email, as peers do. */
export const DEFAULT_CHOICE: ChannelChoice = { inApp: true, email: true };

/**
 * Every event's channels for a person: the stored choices over the defaults (a stored row for an
 * event that no longer exists is ignored).
 */
export function preferencesOf(stored: readonly ({ event: string } & ChannelChoice)[]): Preferences {
  const byEvent = new Map(stored.map((row) => [row.event, { inApp: row.inApp, email: row.email }]));
  return Object.fromEntries(NOTIFICATION_EVENTS.map((event) => [event, byEvent.get(event) ?? { ...DEFAULT_CHOICE }])) as Preferences;
}

/**
 * Merges a change (events it names, channels it names) into the current preferences. Answers the
 * merged preferences, or the events whose in-app copy the change would turn off though it is
 * mandatory (a breach or an escalation always reaches the person in the app).
 */
export function mergePreferences(
  current: Preferences,
  change: Partial<Record<NotificationEvent, Partial<ChannelChoice>>>,
): { ok: true; preferences: Preferences; changed: NotificationEvent[] } | { ok: false; mandatory: NotificationEvent[] } {
  const mandatory = MANDATORY_IN_APP.filter((event) => change[event]?.inApp === false);
  if (mandatory.length > 0) return { ok: false, mandatory };
  const preferences = { ...current };
  const changed = Object.keys(change) as NotificationEvent[];
  for (const event of changed) preferences[event] = { ...current[event], ...change[event] };
  return { ok: true, preferences, changed };
}
