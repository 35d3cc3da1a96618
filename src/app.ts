import { corsFromConfig } from "./http/cors";
import { handleError } from "./http/error-handler";
import { jsonBodyLimit, requireJsonBody } from "./http/json-body";
import { notFoundOrMethodNotAllowed } from "./http/not-found";
import { API_SERVERS, API_TAGS, bearerAuthScheme, withCommonResponses } from "./http/openapi-document";
import { requestContext } from "./http/request-context";
import { createRouter } from "./http/router";
import { securityHeaders } from "./http/security-headers";
import { attachmentRoutes, ticketAttachmentRoutes } from "./routes/attachments";
import { authRoutes } from "./routes/auth";
import { automationRoutes } from "./routes/automations";
import { calendarRoutes } from "./routes/calendars";
import { commentRoutes } from "./routes/comments";
import { escalationPolicyRoutes, escalationRoutes, ticketEscalationRoutes } from "./routes/escalations";
import { healthRoutes } from "./routes/health";
import { liveRoutes } from "./routes/live";
import { metricsRoutes } from "./routes/metrics";
import { notificationPreferenceRoutes } from "./routes/notification-preferences";
import { notificationRoutes } from "./routes/notifications";
import { reportRoutes } from "./routes/reports";
import { slaPolicyRoutes } from "./routes/sla-policies";
import { teamRoutes } from "./routes/teams";
import { ticketExportRoutes } from "./routes/ticket-export";
import { ticketRoutes } from "./routes/tickets";
import { ticketSlaRoutes } from "./routes/ticket-sla";
import { userActivityRoutes } from "./routes/user-activity";
import { userRoutes } from "./routes/users";
import { webhookRoutes } from "./routes/webhooks";

/** Assembles the whole HTTP surface: middleware, every resource's routes, docs and the error path. */
export function createApp() {
  const app = createRouter();
  app.use("*", requestContext, securityHeaders);
  // Preflights are answered here, ahead of authentication and the rate limits.
  app.use("/api/*", corsFromConfig);
  app.use("/openapi.json", corsFromConfig);
  // A file upload streams its own body under its own limits: mounted ahead of the JSON middleware,
  // its handler answers without ever reaching it.
  app.route("/api/v1/tickets", ticketAttachmentRoutes);
  app.use("/api/*", jsonBodyLimit, requireJsonBody);

  app.route("/", healthRoutes);
  app.route("/", metricsRoutes);
  app.route("/api/v1/auth", authRoutes);
  app.route("/api/v1/auth", notificationPreferenceRoutes);
  app.route("/api/v1/notifications", notificationRoutes);
  app.route("/api/v1/users", userRoutes);
  app.route("/api/v1/users", userActivityRoutes);
  app.route("/api/v1/teams", teamRoutes);
  app.route("/api/v1/teams", liveRoutes);
  app.route("/api/v1/teams", webhookRoutes);
  app.route("/api/v1/teams", escalationPolicyRoutes);
  // Before ticketRoutes, whose `/{id}` would otherwise read "export" as a ticket id.
  app.route("/api/v1/tickets", ticketExportRoutes);
  app.route("/api/v1/tickets", ticketRoutes);
  app.route("/api/v1/tickets", ticketSlaRoutes);
  app.route("/api/v1/tickets", ticketEscalationRoutes);
  app.route("/api/v1/escalations", escalationRoutes);
  app.route("/api/v1/tickets", commentRoutes);
  app.route("/api/v1/attachments", attachmentRoutes);
  app.route("/api/v1/sla", slaPolicyRoutes);
  app.route("/api/v1/calendars", calendarRoutes);
  app.route("/api/v1/automations", automationRoutes);
  app.route("/api/v1/reports", reportRoutes);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", bearerAuthScheme);
  // What doc31 would serve, generated on each request as it does, plus the answers every operation
  // shares (429, 500, and 400/401 where they apply), which no route repeats.
  app.get("/openapi.json", (c) =>
    c.json(
      withCommonResponses(
        app.getOpenAPI31Document({
          openapi: "3.1.0",
          info: { title: "slaguard", version: "1", description: "An SLA-guarded service desk. Errors share one envelope: `{error, message, details, requestId}`." },
          servers: API_SERVERS,
          tags: API_TAGS,
        }),
      ),
    ),
  );

  app.onError(handleError);
  app.notFound(notFoundOrMethodNotAllowed(app));
  return app;
}
