import autocannon from "autocannon";
import { percentile } from "./stats.mjs";

// A cap on top of the time limit, so that no single slice can run away whatever the speed.
const MAX_REQUESTS = 100_000;

/**
 * Drives one route with `connections` concurrent clients for `seconds` (whole seconds: autocannon
 * checks its clock once a second) and at most MAX_REQUESTS requests. Returns autocannon's result
 * with `latencies`, the time of every 2xx answer in milliseconds as autocannon measured it
 * (`process.hrtime`), to be summed with the route's other slices by `summarize`: autocannon's own
 * histogram keeps whole milliseconds, which reads a baseline answering in 0.4-1.9 ms as "0" or "1"
 * and turns every ratio to it into a ratio to a rounding.
 */
export async function slice({ url, connections, seconds, method = "GET", headers = {}, body }) {
  const latencies = [];
  const run = autocannon({
    url,
    connections,
    duration: seconds,
    maxOverallRequests: Math.max(MAX_REQUESTS, connections),
    method,
    headers,
    body,
    timeout: 10,
    skipAggregateResult: true,
  });
  run.on("response", (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  return { ...(await run), latencies };
}

const ms = (value) => (value === null ? null : Math.round(value * 100) / 100);

/**
 * One route's figures over all its slices: 2xx answers per second and the nearest-rank p50 and
 * p99 of every 2xx answer's latency (ms, to 0.01). A failed request (non-2xx, error or time-out)
 * is counted, not timed.
 */
export function summarize(slices) {
  const sum = (pick) => slices.reduce((total, result) => total + pick(result), 0);
  const sorted = Float64Array.from(slices.flatMap((result) => result.latencies)).sort();
  const ok = sum((result) => result["2xx"]);
  return {
    rps: ok / sum((result) => result.duration),
    p50: ms(percentile(sorted, 50)),
    p99: ms(percentile(sorted, 99)),
    ok,
    failures: sum((result) => result.non2xx + result.errors + result.timeouts),
  };
}
