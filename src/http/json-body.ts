import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { ApiError } from "./errors";

export const MAX_JSON_BODY_BYTES = 1024 * 1024;

const WITH_BODY = new Set(["POST", "PUT", "PATCH"]);

/**
 * Bodies over 1 MiB are refused before they are read whole (contract §1). Routes whose body is a
 * file (attachments) are mounted ahead of this and the next middleware, and enforce their own rules.
 */
export const jsonBodyLimit = bodyLimit({
  maxSize: MAX_JSON_BODY_BYTES,
  onError: () => {
    throw new ApiError(413, "E_PAYLOAD_TOO_LARGE", "The body is larger than 1 MiB.", { limitBytes: MAX_JSON_BODY_BYTES });
  },
});

function hasBody(headers: Headers): boolean {
  const length = headers.get("Content-Length");
  return headers.has("Transfer-Encoding") || (length !== null && length !== "0");
}

/**
 * A write that carries a body must carry JSON: another media type is a 415 and JSON that does not
 * parse is a 400, both answered here so validators only ever see parsed values. The parsed body is
 * cached by Hono, so the route's validator does not read it twice.
 */
export const requireJsonBody = createMiddleware<AppEnv>(async (c, next) => {
  if (!WITH_BODY.has(c.req.method) || !hasBody(c.req.raw.headers)) return next();
  const type = c.req.header("Content-Type") ?? "";
  if (!/^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i.test(type)) {
    throw new ApiError(415, "E_UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json.", { contentType: type || null });
  }
  try {
    await c.req.json();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError(400, "E_MALFORMED_JSON", "The body is not valid JSON.");
  }
  return next();
});
