/**
 * The benchmark's floor: one indexed D1 read answered with no router and no middleware, so that
 * bench/api.mjs can tell what the app's own code costs on top of the runtime and D1. It exists
 * only when the Worker runs with `BENCH=1` (the bench sets it); elsewhere its path is an ordinary 404.
 */

export const BENCH_BASELINE_PATH = "/__bench/baseline";

/** True only under the bench. The binding is never declared in wrangler.toml, so it is read loosely. */
export function benchEnabled(env: object): boolean {
  return (env as { BENCH?: unknown }).BENCH === "1";
}

/** `GET /__bench/baseline?org=<orgId>`: the id of the organization's newest ticket, by its index. */
export async function benchBaseline(request: Request, env: { DB: D1Database }): Promise<Response> {
  const org = new URL(request.url).searchParams.get("org") ?? "";
  // The same (org_id, created_at, id) index the ticket list walks.
  const row = await env.DB.prepare("SELECT id FROM tickets WHERE org_id = ?1 ORDER BY created_at DESC LIMIT 1").bind(org).first<{ id: string }>();
  return Response.json({ id: row?.id ?? null });
}
