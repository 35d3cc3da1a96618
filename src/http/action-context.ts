import type { Context } from "hono";
import type { AppEnv } from "../env";
import type { ActionContext } from "../services/context";

/** The acting caller of an authenticated request, with the client's address as Cloudflare saw it. */
export function actionContext(c: Context<AppEnv>): ActionContext {
  return { db: c.get("db"), caller: c.get("caller"), ip: c.req.header("CF-Connecting-IP") ?? null, now: c.get("now"), accountCheck: c.get("accountCheck") };
}
