import { createMiddleware } from "hono/factory";
import { createDb } from "../db/client";
import type { AppEnv } from "../env";

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/**
 * Gives every request its id (a client's well-formed `X-Request-Id` is kept for tracing), its
 * instant (services take time as a parameter, read once here) and its database handle.
 */
export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const incoming = c.req.header("X-Request-Id");
  const requestId = incoming && CLIENT_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
  c.set("requestId", requestId);
  c.set("now", new Date());
  c.set("db", createDb(c.env.DB));
  c.header("X-Request-Id", requestId);
  await next();
  if (!c.res.headers.has("X-Request-Id")) {
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set("X-Request-Id", requestId);
  }
});
