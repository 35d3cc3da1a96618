import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { generateWebhookSecret, isValidWebhookSecret } from "../src/notify/webhook-secret";
import { postWebhook } from "../src/notify/webhook-sender";
import { webhookHeaders } from "../src/notify/webhook-signature";
import { webhookTestBody } from "../src/notify/webhook-body";
import { receivedBy, receiverUrl, scriptReceiver } from "./webhook-receiver-client";

/** A receiver name of this file's own, so parallel files never share recordings or scripts. */
function hook(label: string): string {
  return `sender-${label}-${crypto.randomUUID()}`;
}

/** Signs a body for now: the library's verify refuses timestamps more than 5 minutes away. */
function signed(secret = generateWebhookSecret(), at = new Date()) {
  const id = `msg_${crypto.randomUUID()}`;
  const body = webhookTestBody(at);
  return { secret, id, body, headers: webhookHeaders(secret, id, at, body) };
}

describe("postWebhook against a real receiver", () => {
  it("delivers a body that the standardwebhooks library verifies, and a tampered one it refuses", async () => {
    const name = hook("ok");
    const { secret, id, body, headers } = signed();
    expect(await postWebhook(receiverUrl(name), headers, body)).toEqual({ kind: "sent", status: 200 });

    const [request, ...more] = await receivedBy(name);
    expect(more).toEqual([]);
    expect(request!.body).toBe(body);
    expect(request!.headers["webhook-id"]).toBe(id);
    expect(request!.headers["webhook-timestamp"]).toMatch(/^\d+$/);
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);

    const verifier = new Webhook(secret);
    expect(verifier.verify(request!.body, request!.headers)).toEqual(JSON.parse(body));
    expect(() => verifier.verify(request!.body.replace("webhook.test", "webhook.tset"), request!.headers)).toThrow(
      /No matching signature/,
    );
    expect(() => new Webhook(generateWebhookSecret()).verify(request!.body, request!.headers)).toThrow(/No matching signature/);
  });

  it("answers gone on 410", async () => {
    const name = hook("gone");
    await scriptReceiver(name, { statuses: [410] });
    const { body, headers } = signed();
    expect(await postWebhook(receiverUrl(name), headers, body)).toEqual({ kind: "gone", status: 410 });
  });

  it("fails with the status and the start of the answer on 500, then sends once the receiver recovers", async () => {
    const name = hook("retry");
    await scriptReceiver(name, { statuses: [500, 503, 201] });
    const { body, headers } = signed();
    expect(await postWebhook(receiverUrl(name), headers, body)).toEqual({
      kind: "failed",
      status: 500,
      error: "HTTP 500: receiver answered 500",
    });
    expect(await postWebhook(receiverUrl(name), headers, body)).toMatchObject({ kind: "failed", status: 503 });
    expect(await postWebhook(receiverUrl(name), headers, body)).toEqual({ kind: "sent", status: 201 });
    expect(await postWebhook(receiverUrl(name), headers, body)).toEqual({ kind: "sent", status: 201 });
    // A retry keeps the delivery's webhook-id: the receiver saw one id four times.
    expect(new Set((await receivedBy(name)).map((r) => r.headers["webhook-id"])).size).toBe(1);
  });

  it("keeps at most about 1 KiB of a long error answer", async () => {
    const name = hook("long");
    await scriptReceiver(name, { statuses: [502], body: "x".repeat(100_000) });
    const { body, headers } = signed();
    const result = await postWebhook(receiverUrl(name), headers, body);
    expect(result).toMatchObject({ kind: "failed", status: 502, error: expect.stringMatching(/^HTTP 502: x+$/) });
    expect((result as { error: string }).error.length).toBeLessThanOrEqual(1024 + "HTTP 502: ".length);
  });

  it("does not follow a redirect: a 302 is a failure and the receiver saw one request", async () => {
    const name = hook("redirect");
    const elsewhere = receiverUrl(hook("elsewhere"));
    await scriptReceiver(name, { redirect: elsewhere });
    const { body, headers } = signed();
    const result = await postWebhook(receiverUrl(name), headers, body);
    expect(result).toEqual({ kind: "failed", status: 302, error: `redirect (302 to ${elsewhere}) not followed` });
    expect(await receivedBy(name)).toHaveLength(1);
    expect(await receivedBy(elsewhere.split("/").pop()!)).toEqual([]);
  });

  it("gives up on a receiver that never answers", async () => {
    const name = hook("hang");
    await scriptReceiver(name, { hang: true });
    const { body, headers } = signed();
    const result = await postWebhook(receiverUrl(name), headers, body, { timeoutMs: 300 });
    expect(result).toEqual({ kind: "failed", status: null, error: "timed out after 0.3 s" });
    expect(await receivedBy(name)).toHaveLength(1);
  });

  it("reports a refused connection as a failure without a status", async () => {
    // Port 9 (discard) on loopback: nothing listens there in the test environment. workerd logs
    // the refused connect as an "uncaught exception" even though fetch's rejection is caught here.
    const { body, headers } = signed();
    const result = await postWebhook("http://127.0.0.1:9/hooks/none", headers, body, { timeoutMs: 2_000 });
    expect(result).toMatchObject({ kind: "failed", status: null, error: expect.stringMatching(/./) });
  });
});

describe("postWebhook with an injected fetcher", () => {
  it("sends a POST with the headers and body, redirect manual and a timeout signal", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetcher = async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(null, { status: 204 });
    };
    const { body, headers } = signed();
    expect(await postWebhook("https://hooks.example.com/x", headers, body, { fetcher })).toEqual({ kind: "sent", status: 204 });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ url: "https://hooks.example.com/x", init: { method: "POST", headers, body, redirect: "manual" } });
    expect(calls[0]!.init.signal).toBeInstanceOf(AbortSignal);
  });

  it("turns a thrown network error into a short failure", async () => {
    const fetcher = () => Promise.reject(new TypeError("Network connection lost."));
    const { body, headers } = signed();
    expect(await postWebhook("https://hooks.example.com/x", headers, body, { fetcher })).toEqual({
      kind: "failed",
      status: null,
      error: "Network connection lost.",
    });
  });
});

describe("webhook secrets", () => {
  const secretOf = (bytes: number) => `whsec_${btoa(String.fromCharCode(...new Uint8Array(bytes).fill(7)))}`;

  it("generates distinct valid secrets of 32 bytes", () => {
    const [a, b] = [generateWebhookSecret(), generateWebhookSecret()];
    expect(a).not.toBe(b);
    expect(isValidWebhookSecret(a)).toBe(true);
    expect(atob(a.slice("whsec_".length))).toHaveLength(32);
  });

  it("accepts whsec_ and padded standard base64 of 24 to 64 bytes, nothing else", () => {
    expect([23, 24, 25, 64, 65].map((n) => isValidWebhookSecret(secretOf(n)))).toEqual([false, true, true, true, false]);
    const good = secretOf(25);
    for (const bad of [good.slice("whsec_".length), `WHSEC_${good.slice(6)}`, good.replace(/=+$/, ""), `${good} `]) {
      expect(isValidWebhookSecret(bad)).toBe(false);
    }
    expect(isValidWebhookSecret(`whsec_${"-_".repeat(16)}`)).toBe(false); // URL-safe alphabet
    expect(isValidWebhookSecret(good.replace(/w==$/, "x=="))).toBe(false); // unused bits set
  });
});
