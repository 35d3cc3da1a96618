/**
 * The notification events of contract §6, the channels a person chooses per event, and the
 * delivery records' vocabulary. Escalation (§5) is already an event: it only needs a producer.
 */
export const NOTIFICATION_EVENTS = [
  "ticket.created",
  "ticket.assigned",
  "ticket.status_changed",
  "comment.added",
  "ticket.escalated",
  "sla.warning",
  "sla.high_risk",
  "sla.due_soon",
  "sla.breached",
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

export const DELIVERY_CHANNELS = ["email", "webhook"] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];
export const DELIVERY_STATUSES = ["pending", "sent", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Events whose in-app copy nobody may turn off: a breach or an escalation must reach the person. */
export const MANDATORY_IN_APP: readonly NotificationEvent[] = ["sla.breached", "ticket.escalated"];
