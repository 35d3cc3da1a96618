// The one place that says how a browser authenticates to a team's live room (contract §7). A browser
// cannot set headers on a WebSocket, and a token in the URL would land in logs: so it first asks
// POST /teams/{id}/live/ticket, with its bearer token and the API client's refresh on 401, for a
// one-time ticket (single use, 30 s, this team only), and opens the socket with `?ticket=`.

/**
 * What the room's address needs of the API client (web/src/api/client.ts `ApiClient`), said
 * structurally: this file is unit-tested under the Worker's types, which lack the DOM types the
 * client's session store needs.
 */
export interface TicketClient {
  post<T>(path: string): Promise<T>;
}

/**
 * The address of one connection to `teamId`'s room, with a fresh ticket and, on a reconnect,
 * `since`. Ask right before opening: the ticket is dead 30 s later, or once used. Throws the API
 * client's ApiError when no ticket is given (signed out, no longer allowed, unreachable).
 */
export async function liveSocketUrl(api: TicketClient, origin: { protocol: string; host: string }, teamId: string, since: number | null): Promise<string> {
  const path = `/teams/${encodeURIComponent(teamId)}/live`;
  const { ticket } = await api.post<{ ticket: string; expiresIn: number }>(`${path}/ticket`);
  const scheme = origin.protocol === "https:" ? "wss:" : "ws:";
  const query = new URLSearchParams({ ticket });
  if (since !== null) query.set("since", String(since));
  return `${scheme}//${origin.host}/api/v1${path}?${query}`;
}
