import autocannon from "autocannon";

// A cap on top of the time limit, so that no single slice can run away whatever the speed.
const MAX_REQUESTS = 100_000;

/**
 * Drives one route with `connections` concurrent clients for `seconds` (whole seconds: autocannon
 * checks its clock once a second) and at most MAX_REQUESTS requests. Returns autocannon's raw
 * result, to be summed with the route's other slices by `summarize`.
 */
export function slice({ url, connections, seconds, method = "GET", headers = {}, body }) {
  return autocannon({
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
}

/**
 * One route's figures over all its slices: 2xx answers per second and the latency percentiles of
 * the merged histograms. autocannon records latency in whole milliseconds; a failed request
 * (non-2xx, error or time-out) is counted, not timed.
 */
export function summarize(slices, connections) {
  const merged = autocannon.aggregateResult(slices, { url: "http://127.0.0.1/", connections });
  const sum = (pick) => slices.reduce((total, result) => total + pick(result), 0);
  const ok = sum((result) => result["2xx"]);
  return {
    rps: ok / sum((result) => result.duration),
    p50: merged.latency.p50,
    p99: merged.latency.p99,
    ok,
    failures: sum((result) => result.non2xx + result.errors + result.timeouts),
  };
}
