// /docs renders its operations with every request off the machine aborted: test/e2e/docs-offline.mjs
// against the suite's server (it brings its own browser and network rules).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("../docs-offline.mjs", import.meta.url));

export function docsOffline(suite) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, "--url", suite.base], { stdio: ["ignore", "pipe", "pipe"], env: process.env });
    suite.children.add(child);
    const output = [];
    child.stdout.on("data", (chunk) => output.push(chunk));
    child.stderr.on("data", (chunk) => output.push(chunk));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      suite.children.delete(child);
      const text = Buffer.concat(output).toString().trim();
      if (code === 0) resolve(text.split("\n").find((line) => /operations rendered/.test(line))?.replace(/^docs-offline: /, "") ?? "passed");
      else reject(new Error(`docs-offline.mjs ended with ${signal ?? `exit ${code}`}:\n${text}`));
    });
  });
}
