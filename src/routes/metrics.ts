import { createRoute, z } from "@hono/zod-openapi";
import { PROMETHEUS_CONTENT_TYPE, prometheusText } from "../domain/prometheus-text";
import type { AppEnv } from "../env";
import { requireMetricsToken } from "../http/metrics-token";
import { ErrorSchema } from "../http/openapi";
import { createRouter } from "../http/router";
import { collectMetrics } from "../services/metrics";

const errorAnswer = (description: string) => ({ description, content: { "application/json": { schema: ErrorSchema } } });

const scrape = createRoute({
  tags: ["Operations"],
  method: "get",
  operationId: "getMetrics",
  path: "/metrics",
  security: [{ metricsToken: [] }],
  summary: "Prometheus metrics of the whole deployment",
  description:
    "The operator's scrape endpoint, across every organization, in the Prometheus text exposition format 0.0.4. " +
    "Gauges `slaguard_open_tickets{team,priority,risk}` and `slaguard_sla_compliance_ratio{team,metric}` (last 30 days; " +
    "no sample when nothing was completed), counters `slaguard_sla_events_total{team,band}`, `slaguard_escalations_total{team}` " +
    "and `slaguard_notification_deliveries_total{channel,status}`. `team` is the team's id. Exists only when the `METRICS_TOKEN` secret is set.",
  responses: {
    200: { description: "The metrics.", content: { [PROMETHEUS_CONTENT_TYPE]: { schema: z.string().openapi({ example: "# HELP slaguard_escalations_total …\n" }) } } },
    401: errorAnswer("No bearer token, or not the `METRICS_TOKEN`."),
    404: errorAnswer("`METRICS_TOKEN` is not set: the endpoint is off, and answers as an unknown route does."),
  },
});

const router = createRouter();
router.openAPIRegistry.registerComponent("securitySchemes", "metricsToken", {
  type: "http",
  scheme: "bearer",
  description: "The `METRICS_TOKEN` secret of the deployment (not a user's access token).",
});

router.use("/metrics", requireMetricsToken);

/** `GET /metrics`; mount at the root, beside `/health`. */
export const metricsRoutes = router.openapi(scrape, async (c) => {
  const text = prometheusText(await collectMetrics(c.get("db"), c.get("now")));
  // Figures of every organization: no shared cache may keep them.
  return c.text(text, 200, { "Content-Type": PROMETHEUS_CONTENT_TYPE, "Cache-Control": "no-store" });
});
