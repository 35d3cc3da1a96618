// `npm run dev`: migrate the local D1, seed the demo organization, then serve on :8787 until stopped.
// Extra arguments go to `wrangler dev`, e.g. `npm run dev -- --ip 0.0.0.0`.
import { runWrangler, spawnWrangler } from "./lib/wrangler.mjs";
import { seedDemo } from "./seed/seed.mjs";

await runWrangler(["d1", "migrations", "apply", "DB", "--local"]);
await seedDemo();

const server = spawnWrangler(["dev", "--port", "8787", "--var", "ENVIRONMENT:development", "--test-scheduled", ...process.argv.slice(2)]);
// A Ctrl-C in the terminal reaches wrangler too; forwarding covers a signal sent to this process alone.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" || signal === "SIGTERM" ? 0 : 1)));
