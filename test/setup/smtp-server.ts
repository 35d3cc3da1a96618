// vitest globalSetup, run in Node beside the workerd pool: real SMTP peers for the email channel.
//
//   plain       no TLS, no AUTH: accepts every message and keeps it raw (RFC 5322, as received)
//   noStartTls  offers AUTH PLAIN/LOGIN in the clear but no STARTTLS: a client that requires
//               STARTTLS must hang up here before it authenticates
//   startTls    offers STARTTLS (with smtp-server's own self-signed certificate, which workerd
//               does not trust) and AUTH only after it: the upgrade is tried and must fail
//   injecting   a scripted peer that offers STARTTLS and, in the same packet as its 220 go-ahead,
//               slips in a plaintext answer meant to be read as if it came over TLS
//   silent      accepts the TCP connection and never says a word (the timeout case)
//   closedPort  nothing listens there (a refused connection)
//   inbox       HTTP on 127.0.0.1, since tests in workerd cannot read this process's memory:
//                 GET    /messages[?to=addr]  → [{id, server, from, to, raw, receivedAt}]
//                 DELETE /messages[?to=addr]  → 204
//                 GET    /events[?server=]    → [{server, kind, detail, at}], kind being
//                                                connect | command | close (commands as the
//                                                server read them, AUTH arguments redacted)
//
// Everything listens on 127.0.0.1 with a port chosen by the system; tests find them with
// `inject("smtp")`. Test files run in parallel and share these servers: filter by a recipient
// address of your own rather than clearing the whole inbox.
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from "node:net";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import tlsOptions from "smtp-server/lib/tls-options.js";
import type { TestProject } from "vitest/node";

export type ReceivedMail = { id: number; server: string; from: string | null; to: string[]; raw: string; receivedAt: string };
export type SmtpEvent = { server: string; kind: "connect" | "command" | "close"; detail: string; at: string };

const HOST = "127.0.0.1";

/** What `inject("smtp")` answers in a test. */
export type SmtpPeers = {
  host: string;
  plainPort: number;
  noStartTlsPort: number;
  startTlsPort: number;
  injectingPort: number;
  silentPort: number;
  closedPort: number;
  inboxUrl: string;
};

declare module "vitest" {
  export interface ProvidedContext {
    smtp: SmtpPeers;
  }
}

export default async function setup({ provide }: Pick<TestProject, "provide">) {
  const mails: ReceivedMail[] = [];
  const events: SmtpEvent[] = [];
  let nextId = 1;
  const record = (server: string, kind: SmtpEvent["kind"], detail = "") => events.push({ server, kind, detail, at: new Date().toISOString() });

  /** An smtp-server that keeps every message and notes every command it reads. */
  function smtpPeer(name: string, options: SMTPServerOptions): SMTPServer {
    const ignore = () => {};
    // smtp-server logs each command it reads at debug level with `tnx: "command"` (AUTH arguments
    // already replaced by "/* secured */"); that is the transcript the tests look at.
    const logger = {
      level: ignore,
      trace: ignore,
      info: ignore,
      warn: ignore,
      error: ignore,
      fatal: ignore,
      debug(meta: { tnx?: string }, _format: string, line?: unknown) {
        if (meta?.tnx === "command") record(name, "command", String(line ?? ""));
      },
    };
    return new SMTPServer({
      logger: logger as unknown as SMTPServerOptions["logger"],
      banner: `slaguard test peer (${name})`,
      closeTimeout: 200,
      onConnect(_session, callback) {
        record(name, "connect");
        callback();
      },
      onClose() {
        record(name, "close");
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("error", callback);
        stream.on("end", () => {
          const envelope = session.envelope;
          mails.push({
            id: nextId++,
            server: name,
            from: envelope.mailFrom ? envelope.mailFrom.address : null,
            to: envelope.rcptTo.map((rcpt) => rcpt.address),
            raw: Buffer.concat(chunks).toString("utf8"),
            receivedAt: new Date().toISOString(),
          });
          callback();
        });
      },
      ...options,
    });
  }

  const plain = smtpPeer("plain", { disabledCommands: ["AUTH", "STARTTLS"], authOptional: true });
  const noStartTls = smtpPeer("noStartTls", {
    disabledCommands: ["STARTTLS"],
    authMethods: ["PLAIN", "LOGIN"],
    allowInsecureAuth: true,
    onAuth(_auth, _session, callback) {
      callback(new Error("this peer accepts no credentials"));
    },
  });
  // Passing the built-in key and certificate explicitly keeps smtp-server from warning about them.
  const { key, cert } = tlsOptions();
  const startTls = smtpPeer("startTls", {
    key,
    cert,
    authMethods: ["PLAIN", "LOGIN"],
    onAuth(_auth, _session, callback) {
      callback(new Error("this peer accepts no credentials"));
    },
  });

  // The raw peers' open sockets, dropped at teardown (a net.Server closes only once they are gone).
  const rawSockets = new Set<Socket>();
  const injecting = createTcpServer((socket) => {
    rawSockets.add(socket);
    record("injecting", "connect");
    socket.on("error", () => {});
    socket.on("close", () => {
      rawSockets.delete(socket);
      record("injecting", "close");
    });
    socket.write("220 injecting peer ESMTP\r\n");
    let buffered = "";
    socket.on("data", (chunk) => {
      buffered += chunk.toString("latin1");
      for (let end = buffered.indexOf("\r\n"); end >= 0; end = buffered.indexOf("\r\n")) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        record("injecting", "command", line.replace(/^(AUTH \S+) .*$/i, "$1 /* secured */"));
        if (/^EHLO /i.test(line)) socket.write("250-injecting peer\r\n250-AUTH PLAIN\r\n250 STARTTLS\r\n");
        else if (/^STARTTLS$/i.test(line)) socket.write("220 Go ahead\r\n250-injected\r\n250 AUTH PLAIN\r\n");
        else if (/^QUIT$/i.test(line)) socket.end("221 Bye\r\n");
        else socket.write("502 Not here\r\n");
      }
    });
  });

  // Accepts and holds connections without a greeting.
  const silent = createTcpServer((socket) => {
    rawSockets.add(socket);
    record("silent", "connect");
    socket.on("error", () => {});
    socket.on("close", () => {
      rawSockets.delete(socket);
      record("silent", "close");
    });
  });

  const inbox = createHttpServer((request, response) => {
    const url = new URL(request.url ?? "/", `http://${HOST}`);
    const to = url.searchParams.get("to")?.toLowerCase();
    const addressedTo = (mail: ReceivedMail) => to === undefined || mail.to.some((address) => address.toLowerCase() === to);
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === "/messages" && request.method === "GET") return json(200, mails.filter(addressedTo));
    if (url.pathname === "/messages" && request.method === "DELETE") {
      const keep = mails.filter((mail) => !addressedTo(mail));
      mails.splice(0, mails.length, ...keep);
      response.writeHead(204).end();
      return;
    }
    if (url.pathname === "/events" && request.method === "GET") {
      const server = url.searchParams.get("server");
      return json(200, server === null ? events : events.filter((event) => event.server === server));
    }
    json(404, { error: "not found" });
  });

  const [plainPort, noStartTlsPort, startTlsPort, injectingPort, silentPort, inboxPort] = await Promise.all([
    listen(plain.server, () => plain.listen(0, HOST)),
    listen(noStartTls.server, () => noStartTls.listen(0, HOST)),
    listen(startTls.server, () => startTls.listen(0, HOST)),
    listen(injecting, () => injecting.listen(0, HOST)),
    listen(silent, () => silent.listen(0, HOST)),
    listen(inbox, () => inbox.listen(0, HOST)),
  ]);

  // A port that was free a moment ago and has nobody listening: connections to it are refused.
  const probe = createTcpServer();
  const closedPort = await listen(probe, () => probe.listen(0, HOST));
  await new Promise<void>((resolve) => probe.close(() => resolve()));

  provide("smtp", { host: HOST, plainPort, noStartTlsPort, startTlsPort, injectingPort, silentPort, closedPort, inboxUrl: `http://${HOST}:${inboxPort}` });

  return async function teardown() {
    for (const socket of rawSockets) socket.destroy();
    inbox.closeAllConnections();
    await Promise.all([
      new Promise<void>((resolve) => plain.close(() => resolve())),
      new Promise<void>((resolve) => noStartTls.close(() => resolve())),
      new Promise<void>((resolve) => startTls.close(() => resolve())),
      new Promise<void>((resolve) => silent.close(() => resolve())),
      new Promise<void>((resolve) => injecting.close(() => resolve())),
      new Promise<void>((resolve) => inbox.close(() => resolve())),
    ]);
  };
}

/** Starts a listener and answers its port once it is bound (or the bind error). */
function listen(server: TcpServer | HttpServer, start: () => void): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.once("listening", () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
    start();
  });
}
