/**
 * Webhook signing secrets in the Standard Webhooks form `whsec_<base64>` (contract §6): the bytes
 * the base64 part decodes to are the HMAC key.
 */

const PREFIX = "whsec_";
const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;
/** Standard (not URL-safe) base64 with its padding, as the `standardwebhooks` library decodes it. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A fresh secret: `whsec_` and the base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  const key = crypto.getRandomValues(new Uint8Array(32));
  return PREFIX + btoa(String.fromCharCode(...key));
}

/** Whether `s` is `whsec_` followed by standard, padded base64 of 24 to 64 bytes. */
export function isValidWebhookSecret(s: string): boolean {
  if (!s.startsWith(PREFIX)) return false;
  const encoded = s.slice(PREFIX.length);
  if (!BASE64.test(encoded)) return false;
  const bytes = atob(encoded).length;
  // Re-encoding must give the same text: a non-canonical last character (unused bits set) would
  // decode to the same key under another spelling, which a reader of the secret would not expect.
  return bytes >= MIN_KEY_BYTES && bytes <= MAX_KEY_BYTES && btoa(atob(encoded)) === encoded;
}
