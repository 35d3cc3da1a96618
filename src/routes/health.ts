import { createRoute, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { ApiError } from "../http/errors";
import { jsonAnswer } from "../http/openapi";
import { createRouter } from "../http/router";

const Status = z.object({ status: z.literal("ok") }).openapi("Status");

export const healthRoutes = createRouter()
  .openapi(
    createRoute({ method: "get", operationId: "getHealth", path: "/health", tags: ["Operations"], summary: "The Worker answers", responses: { 200: jsonAnswer(Status, "Alive.") } }),
    (c) => c.json({ status: "ok" as const }, 200),
  )
  .openapi(
    createRoute({
      method: "get",
      operationId: "getReadiness",
      path: "/ready",
      tags: ["Operations"],
      summary: "D1 answers",
      responses: { 200: jsonAnswer(Status, "Ready to serve."), 503: jsonAnswer(z.object({}), "D1 is unreachable.") },
    }),
    async (c) => {
      try {
        await c.get("db").run(sql`SELECT 1`);
      } catch {
        throw new ApiError(503, "E_NOT_READY", "The database does not answer.");
      }
      return c.json({ status: "ok" as const }, 200);
    },
  );
