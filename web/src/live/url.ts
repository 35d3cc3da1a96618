// The one place that says how a browser authenticates to a team's live room (contract §7). Today:
// the access token as `?access_token=` (a browser cannot set headers on a WebSocket). The one-time
// `?ticket=` from POST /teams/{id}/live/ticket replaces it here, and only here.

export function liveSocketUrl(origin: { protocol: string; host: string }, teamId: string, accessToken: string, since: number | null): string {
  const scheme = origin.protocol === "https:" ? "wss:" : "ws:";
  const query = new URLSearchParams({ access_token: accessToken });
  if (since !== null) query.set("since", String(since));
  return `${scheme}//${origin.host}/api/v1/teams/${encodeURIComponent(teamId)}/live?${query}`;
}
