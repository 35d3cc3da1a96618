// Named checks for the end-to-end run: each prints one PASS or FAIL line (with its time, and on
// failure the reason), runs under a time limit of its own, and never stops the checks after it.
//
//   const checks = createChecks();
//   await checks.run("board opens", async () => { ... }, { timeoutMs: 30_000 });
//   checks.summary(); // "e2e: 9 passed, 0 failed"; checks.failed is the count

/** Rejects after `ms` with `message`, unless `promise` settles first. */
export function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createChecks({ log = console.log } = {}) {
  const results = [];
  return {
    results,
    get failed() {
      return results.filter((result) => !result.ok).length;
    },
    /**
     * Runs one check; `fn` may answer a line of detail for the PASS line. Answers whether it passed.
     * A check that outlives `timeoutMs` fails (whatever it still does runs on in the background).
     */
    async run(name, fn, { timeoutMs = 60_000 } = {}) {
      const started = Date.now();
      try {
        const detail = await withTimeout(Promise.resolve().then(fn), timeoutMs, `timed out after ${timeoutMs / 1000} s`);
        const ms = Date.now() - started;
        results.push({ name, ok: true, ms });
        log(`PASS  ${name} (${ms} ms)${detail ? `: ${detail}` : ""}`);
        return true;
      } catch (error) {
        const ms = Date.now() - started;
        results.push({ name, ok: false, ms, error });
        const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
        log(`FAIL  ${name} (${ms} ms)\n${reason.replace(/^/gm, "      ")}`);
        return false;
      }
    },
    summary() {
      const passed = results.length - this.failed;
      return `e2e: ${passed} passed, ${this.failed} failed`;
    },
  };
}

/** Throws `message` unless `condition` holds. */
export function assert(condition, message) {
  if (!condition) throw new Error(message);
}
