import { swaggerUI } from "@hono/swagger-ui";
import type { AppEnv } from "./env";
import { handleError } from "./http/error-handler";
import { jsonBodyLimit, requireJsonBody } from "./http/json-body";
import { notFoundOrMethodNotAllowed } from "./http/not-found";
import { requestContext } from "./http/request-context";
import { createRouter } from "./http/router";
import { authRoutes } from "./routes/auth";
import { healthRoutes } from "./routes/health";
import { teamRoutes } from "./routes/teams";
import { userRoutes } from "./routes/users";

/** Assembles the whole HTTP surface: middleware, every resource's routes, docs and the error path. */
export function createApp() {
  const app = createRouter();
  app.use("*", requestContext);
  app.use("/api/*", jsonBodyLimit, requireJsonBody);

  app.route("/", healthRoutes);
  app.route("/api/v1/auth", authRoutes);
  app.route("/api/v1/users", userRoutes);
  app.route("/api/v1/teams", teamRoutes);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", { type: "http", scheme: "bearer", bearerFormat: "JWT" });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "slaguard", version: "1", description: "An SLA-guarded service desk. Errors share one envelope: `{error, message, details, requestId}`." },
  });
  app.get("/docs", swaggerUI({ url: "/openapi.json", title: "slaguard API" }));

  app.onError(handleError);
  app.notFound(notFoundOrMethodNotAllowed(app));
  return app;
}
