import type { Database } from "../../db/client";
import { mailRecipientOf } from "../../db/users";
import type { Bindings } from "../../env";
import type { ResetDelivery } from "../../services/password-reset";
import { smtpSettingsOf } from "../email/smtp-settings";
import { sendMail } from "../email/smtp-transport";
import { renderPasswordResetEmail, resetLink } from "../email/templates";

/**
 * Mails a reset link (contract §6: `{APP_URL}/reset-password?token=`) in the request's background,
 * so the answer is the same 202 whether or not the account exists. It is not an outbox delivery: the
 * token must not rest in D1 in the clear, and a link an hour old is worth no retry schedule. A
 * failure is logged without the token.
 */
export function resetMailer(env: Bindings, db: Database, waitUntil: ((promise: Promise<unknown>) => void) | undefined): ResetDelivery {
  return ({ userId, resetToken, expiresAt }) => {
    const sent = (async () => {
      const smtp = smtpSettingsOf(env);
      if (!smtp.ok) throw new Error(smtp.reason);
      const recipient = await mailRecipientOf(db, userId);
      if (!recipient) return;
      const mail = renderPasswordResetEmail({ name: recipient.name, link: resetLink(env.APP_URL, resetToken), expiresAt, timeZone: recipient.timeZone });
      await sendMail(smtp.settings, { to: { name: recipient.name, email: recipient.email }, ...mail });
    })().catch((err: unknown) => console.error(JSON.stringify({ event: "password_reset_mail_failed", userId, error: err instanceof Error ? err.message : String(err) })));
    waitUntil?.(sent);
  };
}
