/**
 * What one attempt of a delivery came to. `final` failures will not get better by trying again
 * (no SMTP configured, the recipient or the webhook gone), so they fail the delivery at once.
 */
export type ChannelOutcome =
  | { kind: "sent"; status: number | null }
  | { kind: "gone"; status: number }
  | { kind: "failed"; status: number | null; error: string; final?: boolean };

export const finalFailure = (error: string): ChannelOutcome => ({ kind: "failed", status: null, error, final: true });
