import { z } from "@hono/zod-openapi";
import { canonicalZone, MAX_ZONE_LENGTH, ZONE_NAME, zoneIssues } from "../../domain/calendar-rules";

/** An IANA time zone, checked against the runtime's zone data and stored in its own spelling. */
export const TimeZoneSchema = z
  .string()
  .superRefine((zone, ctx) => {
    for (const issue of zoneIssues(zone)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  })
  .transform(canonicalZone)
  // zoneIssues enforces the length and the pattern, with one message for every way a zone is wrong.
  .openapi({ maxLength: MAX_ZONE_LENGTH, pattern: ZONE_NAME.source, description: "An IANA time zone; DST changes follow it.", example: "Europe/Berlin" });
