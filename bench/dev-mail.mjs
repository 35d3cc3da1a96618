// `npm run check:dev-mail` (node bench/dev-mail.mjs): the email path of contract §6 under
// `npm run dev`, as a new user meets it, against MailDev's real inbox:
//   1. `forgot-password` for admin@demo.test puts a mail in MailDev whose link's token resets the
//      password (set to the demo password again, so the demo stays as it was);
//   2. a ticket filed for requester@demo.test sends them a `ticket.created` email through the
//      delivery queue: its first attempt must reach MailDev within 5 s of the create's answer.
// Prints the latencies; exits 1 when a step fails or is late. Bounded: gives up after 4 minutes.
import path from "node:path";
import { performance } from "node:perf_hooks";
import { assertPortFree, DEV_ORIGIN, startDevServer } from "./lib/dev-server.mjs";
import { OUT } from "./lib/server.mjs";

const MAILDEV = "http://127.0.0.1:1080";
const DEMO_PASSWORD = "demo-password-1";
const FIRST_ATTEMPT_LIMIT_MS = 5_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

setTimeout(() => {
  console.error("dev-mail: still running after 4 minutes; giving up.");
  process.exit(2);
}, 4 * 60_000).unref();

async function call(method, pathname, { token, body } = {}) {
  const headers = { Accept: "application/json", ...(body && { "Content-Type": "application/json" }), ...(token && { Authorization: `Bearer ${token}` }) };
  const res = await fetch(`${DEV_ORIGIN}/api/v1${pathname}`, { method, headers, body: body && JSON.stringify(body), signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${pathname} answered ${res.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/** Waits for MailDev to hold a mail to `address` whose subject passes `match`; answers it and when it was seen. */
async function mailTo(address, match, timeoutMs = 15_000) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const mails = await (await fetch(`${MAILDEV}/api/email`)).json();
    const mail = mails.find((m) => m.to.some((to) => to.address === address) && match(m.subject));
    if (mail) return { mail, seenAt: performance.now() };
    await sleep(100);
  }
  throw new Error(`no mail to ${address} reached MailDev within ${timeoutMs / 1000} s`);
}

const login = async (email, password = DEMO_PASSWORD) => (await call("POST", "/auth/login", { body: { email, password } })).accessToken;

await assertPortFree();
const server = startDevServer({ logFile: path.join(OUT, "dev-mail.log") });
process.on("exit", server.stopSync);
const figures = [];
let failed = false;
try {
  await server.ready();
  await fetch(`${MAILDEV}/api/email/all`, { method: "DELETE" });

  const asked = performance.now();
  await call("POST", "/auth/forgot-password", { body: { email: "admin@demo.test" } });
  const reset = await mailTo("admin@demo.test", (subject) => /password/i.test(subject));
  const token = /reset-password\?token=([A-Za-z0-9_-]+)/.exec(reset.mail.text)?.[1];
  if (!token) throw new Error(`the reset mail has no link with a token:\n${reset.mail.text}`);
  await call("POST", "/auth/reset-password", { body: { token, password: DEMO_PASSWORD } });
  await login("admin@demo.test");
  figures.push(["reset mail in MailDev after forgot-password", reset.seenAt - asked, "token reset the password"]);

  const manager = await login("manager@demo.test");
  const requester = (await call("GET", "/users?role=requester&limit=200", { token: manager })).items.find((u) => u.email === "requester@demo.test");
  const team = (await call("GET", "/teams?limit=200", { token: manager })).items.find((t) => t.key === "OPS");
  const title = `Mail check ${new Date().toISOString()}`;
  const ticket = await call("POST", "/tickets", { token: manager, body: { title, priority: "P4", teamId: team.id, requesterId: requester.id } });
  const committed = performance.now();
  const created = await mailTo("requester@demo.test", (subject) => subject.includes(ticket.key));
  const lag = created.seenAt - committed;
  await call("DELETE", `/tickets/${ticket.id}`, { token: manager });
  figures.push([`ticket.created email to the requester (limit ${FIRST_ATTEMPT_LIMIT_MS / 1000} s)`, lag, lag <= FIRST_ATTEMPT_LIMIT_MS ? "on time" : "LATE"]);
  failed = lag > FIRST_ATTEMPT_LIMIT_MS;
} catch (err) {
  console.error(`dev-mail: ${err.message}`);
  failed = true;
} finally {
  await server.stop();
}
for (const [what, ms, note] of figures) console.log(`${what}: ${(ms / 1000).toFixed(2)} s (${note})`);
console.log(failed ? "FAIL" : "PASS");
process.exit(failed ? 1 : 0);
