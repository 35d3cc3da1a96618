// The API as a browser test drives it beside the page: sign in, then change tickets and watch the
// board follow over its live room.
//
//   const manager = await apiSignIn(base, "manager@demo.test", "demo-password-1");
//   const ticket = await manager.call("GET", "/tickets/OPS-1");
//   await manager.call("PATCH", `/tickets/${ticket.id}`, { title: "Changed" }, { "If-Match": String(ticket.version) });

/** Signs in over the API; answers the session with `call(method, path, body?, headers?)` under /api/v1. */
export async function apiSignIn(base, email, password) {
  const session = await request(base, null, "POST", "/auth/login", { email, password });
  return {
    session,
    call: (method, path, body, headers) => request(base, session.accessToken, method, path, body, headers),
  };
}

/** One API request; a non-2xx answer throws with the error envelope's code and message. */
export async function request(base, token, method, path, body, headers = {}) {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      Accept: "application/json",
      ...(token && { Authorization: `Bearer ${token}` }),
      ...(body !== undefined && { "Content-Type": "application/json" }),
      ...headers,
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const payload = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${payload?.error ?? ""} ${payload?.message ?? ""}`);
  return payload;
}

/** Reads a ticket (by id or key) and edits its fields with `If-Match` of the version just read. */
export async function editTicket(session, idOrKey, fields) {
  const ticket = await session.call("GET", `/tickets/${encodeURIComponent(idOrKey)}`);
  return session.call("PATCH", `/tickets/${ticket.id}`, fields, { "If-Match": String(ticket.version) });
}

/** Moves a ticket (by id or key) to `status`, with `If-Match` of the version just read. */
export async function moveTicket(session, idOrKey, status) {
  const ticket = await session.call("GET", `/tickets/${encodeURIComponent(idOrKey)}`);
  return session.call("PATCH", `/tickets/${ticket.id}/status`, { status }, { "If-Match": String(ticket.version) });
}

/** Files a ticket (an Idempotency-Key of its own); answers the new ticket. */
export function fileTicket(session, body) {
  return session.call("POST", "/tickets", body, { "Idempotency-Key": crypto.randomUUID() });
}

/** Deletes a ticket (a manager's right); a ticket already gone is no failure. */
export async function deleteTicket(session, idOrKey) {
  try {
    await session.call("DELETE", `/tickets/${encodeURIComponent(idOrKey)}`);
  } catch (error) {
    if (!/: 404 /.test(error.message)) throw error;
  }
}

/** Every item of a cursor-paged list (`limit` 200 a page). */
export async function allItems(session, path, query = {}) {
  const items = [];
  let cursor = null;
  do {
    const params = new URLSearchParams({ ...query, limit: "200", ...(cursor && { cursor }) });
    const page = await session.call("GET", `${path}?${params}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
