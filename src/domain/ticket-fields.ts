/** Ticket statuses in the order of their usual life (contract §3). */
export const TICKET_STATUSES = ["new", "open", "in_progress", "pending", "resolved", "closed"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const PRIORITIES = ["P1", "P2", "P3", "P4"] as const;
export type Priority = (typeof PRIORITIES)[number];

/** The names clients may send instead of P1..P4; answers always carry the P form. */
export const PRIORITY_ALIASES = { CRITICAL: "P1", HIGH: "P2", MEDIUM: "P3", LOW: "P4" } as const satisfies Record<string, Priority>;
export type PriorityAlias = keyof typeof PRIORITY_ALIASES;

/** Reads a priority or one of its aliases, in any letter case; undefined when it is neither. */
export function toPriority(value: string): Priority | undefined {
  const upper = value.toUpperCase();
  if ((PRIORITIES as readonly string[]).includes(upper)) return upper as Priority;
  return PRIORITY_ALIASES[upper as PriorityAlias];
}

/** The statuses in which a ticket still needs work: everything before `resolved`. */
export function isActiveStatus(status: TicketStatus): boolean {
  return status !== "resolved" && status !== "closed";
}

export const ACTIVE_STATUSES: TicketStatus[] = TICKET_STATUSES.filter(isActiveStatus);

/** A team's n-th ticket is `<TEAMKEY>-<n>`. */
export function ticketKey(teamKey: string, number: number): string {
  return `${teamKey}-${number}`;
}

/** Tags are kept trimmed, lower-case, unique and in the order first given. */
export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter((tag) => tag.length > 0))];
}
