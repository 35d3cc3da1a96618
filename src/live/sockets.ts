import type { LiveIdentity } from "./events";

/** Close code for a socket whose access token expired while connected. */
export const CLOSE_TOKEN_EXPIRED = 4401;

/** The identity a socket was accepted with (its hibernation attachment). */
export const identityOfSocket = (ws: WebSocket) => ws.deserializeAttachment() as LiveIdentity | null;

export const tokenExpired = (who: LiveIdentity, now: number) => who.exp * 1000 <= now;

/** Closes a socket that may already be closed. */
export function closeQuietly(ws: WebSocket, code: number, reason: string) {
  try {
    ws.close(code, reason);
  } catch {
    // Already closed.
  }
}

export const closeExpired = (ws: WebSocket) => closeQuietly(ws, CLOSE_TOKEN_EXPIRED, "access token expired");

export function send(ws: WebSocket, text: string) {
  try {
    ws.send(text);
  } catch {
    // A socket closing under us: its client reconnects with `since`.
  }
}

/** A logged message (JSON without `seq`) with its seq appended, without parsing it again. */
export const withSeq = (message: string, seq: number) => `${message.slice(0, -1)},"seq":${seq}}`;

/** The verified identity the Worker's live route put on the forwarded upgrade, if well-formed. */
export function identityOfRequest(header: string | null): LiveIdentity | undefined {
  if (!header) return undefined;
  try {
    const who = JSON.parse(header) as LiveIdentity;
    return typeof who.userId === "string" && typeof who.orgId === "string" && typeof who.exp === "number" ? who : undefined;
  } catch {
    return undefined;
  }
}
