// The sweep's knobs, passed from the shell by test/fuzz/vitest.config.ts as bindings (workerd has no process.env).
declare global {
  namespace Cloudflare {
    interface Env {
      FUZZ_SEED?: string;
      FUZZ_RUNS?: string;
      JWT_SECRET?: string;
    }
  }
}

export {};
