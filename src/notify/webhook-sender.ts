/**
 * One webhook POST (contract §6): a 2xx is sent, a 410 means the receiver wants no more, and
 * everything else — other statuses, redirects, timeouts, network errors — is a failure to retry.
 */

export type WebhookPostResult =
  | { kind: "sent"; status: number }
  | { kind: "gone"; status: 410 }
  | { kind: "failed"; status: number | null; error: string };

export type WebhookPostOptions = {
  /** The whole exchange, answer body included, must finish within this; 10 s by default. */
  timeoutMs?: number;
  /** Injected in tests; `fetch` otherwise. */
  fetcher?: (url: string, init: RequestInit) => Promise<Response>;
};

/** How much of a failed answer's body goes into the error text. */
const SNIPPET_BYTES = 1024;

/**
 * POSTs `body` with `headers` to `url`, never following a redirect: a redirect could lead the
 * request to a host the URL check refused.
 */
export async function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  { timeoutMs = 10_000, fetcher = (u, init) => fetch(u, init) }: WebhookPostOptions = {},
): Promise<WebhookPostResult> {
  const signal = AbortSignal.timeout(timeoutMs);
  const timedOut = `timed out after ${timeoutMs / 1000} s`;
  let response: Response;
  try {
    response = await fetcher(url, { method: "POST", headers, body, redirect: "manual", signal });
  } catch (error) {
    return { kind: "failed", status: null, error: signal.aborted ? timedOut : short(error) };
  }
  const { status } = response;
  if (status >= 200 && status <= 299) {
    await discard(response);
    return { kind: "sent", status };
  }
  if (status === 410) {
    await discard(response);
    return { kind: "gone", status };
  }
  if (status >= 300 && status <= 399) {
    await discard(response);
    const location = response.headers.get("location");
    return { kind: "failed", status, error: `redirect (${status}${location ? ` to ${location.slice(0, 200)}` : ""}) not followed` };
  }
  const snippet = await readSnippet(response, signal);
  return { kind: "failed", status, error: snippet === "" ? `HTTP ${status}` : `HTTP ${status}: ${snippet}` };
}

/** Always release the answer body, so the connection is not held open by an unread stream. */
async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => {});
}

/** Up to 1 KiB of the answer's text, then the rest is cancelled; a slow body stops at the timeout. */
async function readSnippet(response: Response, signal: AbortSignal): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const aborted = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
  aborted.catch(() => {});
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < SNIPPET_BYTES) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body that fails or stalls still leaves the status, which is what the caller needs.
  } finally {
    await reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  const text = new TextDecoder().decode(bytes.subarray(0, SNIPPET_BYTES));
  return text.replace(/\s+/g, " ").trim().slice(0, SNIPPET_BYTES);
}

function short(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message || "network error").slice(0, 200);
}
