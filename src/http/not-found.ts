import type { Hono, NotFoundHandler } from "hono";
import type { AppEnv } from "../env";
import { errorResponse } from "./error-handler";
import { ApiError } from "./errors";

type RouteTable = { method: string; pattern: RegExp }[];

function toPattern(path: string): RegExp {
  const source = path
    .split("/")
    .map((part) => (part.startsWith(":") ? "[^/]+" : part === "*" ? ".*" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${source}/?$`);
}

/**
 * Unknown paths answer 404; a known path asked with a method it does not serve answers 405 with
 * `Allow`, as HTTP says. The route table is read from the app once, on the first miss.
 */
export function notFoundOrMethodNotAllowed(app: Hono<AppEnv>): NotFoundHandler<AppEnv> {
  let table: RouteTable | undefined;
  return (c) => {
    table ??= app.routes
      .filter((route) => route.method !== "ALL" && !route.path.includes("*"))
      .map((route) => ({ method: route.method, pattern: toPattern(route.path) }));
    const allowed = [...new Set(table.filter((route) => route.pattern.test(c.req.path)).map((route) => route.method))];
    if (allowed.length === 0) return errorResponse(c, ApiError.notFound("route"));
    if (allowed.includes("GET")) allowed.push("HEAD");
    return errorResponse(
      c,
      new ApiError(405, "E_METHOD_NOT_ALLOWED", `${c.req.method} is not allowed here.`, { allowed }, { Allow: allowed.join(", ") }),
    );
  };
}
