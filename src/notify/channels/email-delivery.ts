import type { Database } from "../../db/client";
import type { DeliveryRow } from "../../db/deliveries";
import { ticketsByIds } from "../../db/tickets";
import { mailRecipientOf } from "../../db/users";
import type { NotificationEvent } from "../../domain/notification-events";
import type { Bindings } from "../../env";
import { ticketViewAt } from "../../views/ticket-view";
import { smtpSettingsOf } from "../email/smtp-settings";
import { sendMail } from "../email/smtp-transport";
import { renderEventEmail } from "../email/templates";
import { finalFailure, type ChannelOutcome } from "./outcome";

type Facts = { message?: string; ticketKey?: string; title?: string; metric?: string | null; band?: string | null; comment?: { body: string } | null };

/**
 * One attempt of an email delivery: the recipient and the ticket as they are now (risk and due
 * time at the attempt), the event's facts as they were, rendered in the recipient's time zone.
 */
export async function attemptEmail(env: Bindings, db: Database, delivery: DeliveryRow, now: number): Promise<ChannelOutcome> {
  const smtp = smtpSettingsOf(env);
  if (!smtp.ok) return finalFailure(smtp.reason);
  const recipient = delivery.userId ? await mailRecipientOf(db, delivery.userId) : undefined;
  if (!recipient?.active) return finalFailure("the recipient's account is gone or deactivated");
  const facts = delivery.payload as Facts;
  const [ticket] = delivery.ticketId ? await ticketsByIds(db, [delivery.ticketId]) : [];
  const view = ticket ? ticketViewAt(ticket, new Date(now)) : undefined;
  const mail = renderEventEmail({
    event: delivery.event as NotificationEvent,
    message: facts.message ?? delivery.event,
    ticket: {
      key: view?.key ?? facts.ticketKey ?? "",
      title: view?.title ?? facts.title ?? "",
      priority: view?.priority ?? "",
      status: view?.status ?? "deleted",
      risk: view?.sla?.risk ?? null,
      dueAt: view?.sla ? governingDue(view.sla) : null,
    },
    metric: facts.metric ?? null,
    band: facts.band ?? null,
    comment: facts.comment ?? null,
    recipient: { name: recipient.name, timeZone: recipient.timeZone },
    appUrl: env.APP_URL,
  });
  try {
    await sendMail(smtp.settings, { to: { name: recipient.name, email: recipient.email }, ...mail });
    return { kind: "sent", status: null };
  } catch (err) {
    return { kind: "failed", status: null, error: err instanceof Error ? err.message : String(err) };
  }
}

/** The due time that governs now: the response's until it is met, then the resolution's. */
function governingDue(sla: { response: { state: string; dueAt: string | null }; resolution: { dueAt: string | null } }): string | null {
  return sla.response.state === "met" ? sla.resolution.dueAt : (sla.response.dueAt ?? sla.resolution.dueAt);
}
