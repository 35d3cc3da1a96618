/** Helpers for tests that talk to the webhook receiver of test/setup/webhook-receiver.ts. */
import { inject } from "vitest";
import type { ReceivedRequest, ReceiverScript } from "./setup/webhook-receiver";

export type { ReceivedRequest, ReceiverScript };

function base(): string {
  return `http://127.0.0.1:${inject("webhookReceiverPort")}`;
}

/** The URL to POST webhooks to for `name`; pick names unique to the test file and test. */
export function receiverUrl(name: string): string {
  return `${base()}/hooks/${name}`;
}

/** Sets how the receiver answers `name`'s webhooks (see the receiver's protocol). */
export async function scriptReceiver(name: string, script: ReceiverScript): Promise<void> {
  const res = await fetch(`${base()}/script/${name}`, { method: "PUT", body: JSON.stringify(script) });
  if (res.status !== 204) throw new Error(`scripting the receiver failed: ${res.status} ${await res.text()}`);
}

/** The requests the receiver recorded for `name`, oldest first. */
export async function receivedBy(name: string): Promise<ReceivedRequest[]> {
  const res = await fetch(`${base()}/hooks/${name}`);
  if (!res.ok) throw new Error(`reading the receiver failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as ReceivedRequest[];
}

/** Forgets `name`'s requests and script. */
export async function clearReceiver(name: string): Promise<void> {
  const res = await fetch(`${base()}/hooks/${name}`, { method: "DELETE" });
  await res.body?.cancel();
}
