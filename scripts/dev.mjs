// `npm run dev`: start MailDev, migrate the local D1, seed the demo organization, then serve on :8787
// until stopped. Extra arguments go to `wrangler dev`, e.g. `npm run dev -- --ip 0.0.0.0`.
import { createServer } from "node:net";
import { MailDev } from "maildev";
import { buildDocs } from "./build-docs.mjs";
import { buildWeb } from "./build-web.mjs";
import { runWrangler, spawnWrangler } from "./lib/wrangler.mjs";
import { seedDemo } from "./seed/seed.mjs";

// Outgoing mail lands in MailDev (contract §6): SMTP on 127.0.0.1:1025, inbox and REST API
// (GET /api/email) on http://127.0.0.1:1080. Both on loopback only; nothing is relayed anywhere.
const MAIL = { smtp: 1025, web: 1080, ip: "127.0.0.1" };
await buildDocs(); // public/docs/: the API reference UI served at /docs (scripts/build-docs.mjs)
await buildWeb({ watch: true }); // public/: the dashboard, rebuilt on every change under web/ (scripts/build-web.mjs)
const maildev = await startMailDev();

await runWrangler(["d1", "migrations", "apply", "DB", "--local"]);
await seedDemo();

const server = spawnWrangler([
  "dev",
  "--port",
  "8787",
  "--var",
  "ENVIRONMENT:development",
  "--var",
  `SMTP_HOST:${MAIL.ip}`,
  "--var",
  `SMTP_PORT:${MAIL.smtp}`,
  "--var",
  "SMTP_SECURE:none",
  "--test-scheduled",
  ...process.argv.slice(2),
]);
// A Ctrl-C in the terminal reaches wrangler too; forwarding covers a signal sent to this process alone.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => server.kill(signal));
server.on("exit", async (code, signal) => {
  await stopMailDev(maildev);
  process.exit(code ?? (signal === "SIGINT" || signal === "SIGTERM" ? 0 : 1));
});

/**
 * Starts MailDev in this process (also under CI). When one of its ports is taken, another MailDev
 * most likely runs already: the mail goes there, and this one is not started (it would otherwise
 * come up half, with SMTP but no inbox).
 */
async function startMailDev() {
  for (const port of [MAIL.smtp, MAIL.web]) {
    if (!(await isFree(port))) {
      console.warn(`MailDev: ${MAIL.ip}:${port} is in use; assuming a MailDev already runs on ${MAIL.smtp} (SMTP) and ${MAIL.web} (inbox).`);
      return null;
    }
  }
  const instance = new MailDev({ smtp: MAIL.smtp, web: MAIL.web, ip: MAIL.ip, webIp: MAIL.ip, silent: true });
  await instance.start();
  console.log(`MailDev: SMTP on ${MAIL.ip}:${MAIL.smtp}, inbox on http://${MAIL.ip}:${MAIL.web}`);
  return instance;
}

function isFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, MAIL.ip, () => probe.close(() => resolve(true)));
  });
}

/** Stops MailDev, giving up after two seconds so that a stuck connection cannot hold the exit. */
async function stopMailDev(instance) {
  if (!instance) return;
  await Promise.race([instance.stop().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
}
