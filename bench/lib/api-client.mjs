/**
 * The API as a bench that runs against a shared database uses it: signed in once, every request
 * counted for the report, and everything it creates remembered, so that `deleteCreated()` can
 * leave the organization as it found it — at the end of a run, on failure or on an abort.
 */

export class RequestFailed extends Error {}

/** Tickets deleted this many at a time, rather than a hundred requests at once. */
const DELETE_PARALLEL = 8;

export function apiClient(origin) {
  let token = null;
  let requests = 0;
  const ticketIds = [];
  let policyId = null;

  /** JSON in, JSON out; throws RequestFailed on a network error, a time-out or any status but 2xx. */
  async function call(method, pathname, body) {
    requests += 1;
    const headers = { Accept: "application/json" };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let res;
    try {
      res = await fetch(`${origin}/api/v1${pathname}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(15_000) });
    } catch (err) {
      throw new RequestFailed(`${method} ${pathname}: ${err?.message ?? err}`);
    }
    const text = await res.text();
    if (!res.ok) throw new RequestFailed(`${method} ${pathname} answered ${res.status}: ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  }

  /** Deletes every ticket the client created, then its policy; never throws. Returns what it could not delete. */
  async function deleteCreated() {
    const result = { ticketsDeleted: 0, ticketsLeft: [], policyDeleted: null, errors: [] };
    if (!token) return result;
    const ids = ticketIds.splice(0);
    for (let start = 0; start < ids.length; start += DELETE_PARALLEL) {
      await Promise.all(
        ids.slice(start, start + DELETE_PARALLEL).map(async (id) => {
          try {
            await call("DELETE", `/tickets/${id}`);
            result.ticketsDeleted += 1;
          } catch (err) {
            if (/answered 404/.test(err.message)) return;
            result.ticketsLeft.push(id);
            result.errors.push(err.message);
          }
        }),
      );
    }
    if (policyId) {
      try {
        await call("DELETE", `/sla/policies/${policyId}`);
        result.policyDeleted = true;
      } catch (err) {
        result.policyDeleted = false;
        result.errors.push(err.message);
      }
      policyId = null;
    }
    return result;
  }

  return {
    call,
    deleteCreated,
    get requests() {
      return requests;
    },
    async signIn(credentials) {
      token = (await call("POST", "/auth/login", credentials)).accessToken;
    },
    async createTicket(fields) {
      const ticket = await call("POST", "/tickets", fields);
      ticketIds.push(ticket.id);
      return ticket;
    },
    /** One policy at most: the bench needs one, and the cleanup deletes only the last. */
    async createPolicy(fields) {
      const policy = await call("POST", "/sla/policies", fields);
      policyId = policy.id;
      return policy;
    },
    /** A PATCH sent and timed on `http`'s own thread (bench/lib/timed-http.mjs), counted like the others. */
    timedPatch(http, pathname, body) {
      requests += 1;
      return http.request("PATCH", `${origin}/api/v1${pathname}`, {
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body),
      });
    },
    /** The team's live room; browsers cannot set headers on a WebSocket, so the token goes in the query. */
    liveUrl: (teamId) => `${origin.replace(/^http/, "ws")}/api/v1/teams/${teamId}/live?access_token=${encodeURIComponent(token)}`,
  };
}
