/**
 * A real HTTP receiver for webhook tests, started by vitest's globalSetup in Node beside the
 * workerd pool; tests find it through `inject("webhookReceiverPort")` (test/webhook-receiver-client.ts).
 * Everything is per name, so parallel test files that pick their own names never collide:
 *
 * - `POST /hooks/<name>` records `{headers, body, receivedAt}` and answers as scripted (200 by default);
 * - `PUT /script/<name>` sets the script: `{"statuses": [500, 200]}` answers those in order, then
 *   the last forever; `{"redirect": "<url>"}` answers 302 to it; `{"hang": true}` never answers;
 *   `"body"` (optional) is the text of every scripted answer;
 * - `GET /hooks/<name>` lists the recorded requests, oldest first;
 * - `DELETE /hooks/<name>` forgets the requests and the script.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";

export type ReceiverScript = { statuses?: number[]; redirect?: string; hang?: boolean; body?: string };
export type ReceivedRequest = { headers: Record<string, string>; body: string; receivedAt: string };

const MAX_BODY = 1 << 20;

export default async function setup(project: TestProject) {
  const scripts = new Map<string, { script: ReceiverScript; answered: number }>();
  const received = new Map<string, ReceivedRequest[]>();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => answer(res, 500, String(error)));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const match = /^\/(hooks|script)\/([\w.-]+)$/.exec(new URL(req.url ?? "/", "http://receiver").pathname);
    if (!match) return answer(res, 404, "no such route");
    const [, kind, name] = match as unknown as [string, string, string];
    const body = await readBody(req);
    if (kind === "script" && req.method === "PUT") {
      scripts.set(name, { script: JSON.parse(body) as ReceiverScript, answered: 0 });
      return answer(res, 204);
    }
    if (kind !== "hooks") return answer(res, 405, "method not allowed");
    if (req.method === "GET") return answer(res, 200, JSON.stringify(received.get(name) ?? []), "application/json");
    if (req.method === "DELETE") {
      received.delete(name);
      scripts.delete(name);
      return answer(res, 204);
    }
    if (req.method !== "POST") return answer(res, 405, "method not allowed");
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]),
    );
    const list = received.get(name) ?? [];
    list.push({ headers, body, receivedAt: new Date().toISOString() });
    received.set(name, list);
    const entry = scripts.get(name);
    if (!entry) return answer(res, 200, "ok");
    const { script } = entry;
    if (script.hang) return; // closed by the client's timeout, or at teardown
    if (script.redirect !== undefined) {
      res.setHeader("location", script.redirect);
      return answer(res, 302, script.body ?? "moved");
    }
    const statuses = script.statuses ?? [200];
    const status = statuses[Math.min(entry.answered, statuses.length - 1)] ?? 200;
    entry.answered++;
    return answer(res, status, script.body ?? `receiver answered ${status}`);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  project.provide("webhookReceiverPort", (server.address() as AddressInfo).port);

  return async () => {
    // Hanging answers keep their sockets open; close them, or `close` would wait forever.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error("body too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function answer(res: ServerResponse, status: number, text = "", type = "text/plain; charset=utf-8") {
  if (res.headersSent) return;
  if (status === 204) return void res.writeHead(204).end();
  res.writeHead(status, { "content-type": type }).end(text);
}
