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
