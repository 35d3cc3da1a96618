import { z } from "@hono/zod-openapi";
import { canonicalZone, zoneIssues } from "../../domain/calendar-rules";

/** An IANA time zone, checked against the runtime's zone data and stored in its own spelling. */
export const TimeZoneSchema = z
  .string()
  .superRefine((zone, ctx) => {
    for (const issue of zoneIssues(zone)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  })
  .transform(canonicalZone)
  .openapi({ description: "An IANA time zone; DST changes follow it.", example: "Europe/Berlin" });
