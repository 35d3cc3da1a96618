import type { OpenAPIHono } from "@hono/zod-openapi";
import { ACCESS_TOKEN_TTL_SECONDS, TOKEN_AUDIENCE, TOKEN_ISSUER } from "../auth/access-token";
import { ERROR_DESCRIPTIONS } from "./openapi";
import { RATE_LIMIT_PERIOD_SECONDS } from "./rate-limit";

type Document = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;
type Operation = { parameters?: unknown[]; requestBody?: unknown; security?: unknown[]; responses?: Record<string, unknown> };

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** The user access token's scheme, as src/auth/access-token.ts signs and verifies it. */
export const bearerAuthScheme = {
  type: "http" as const,
  scheme: "bearer",
  bearerFormat: "JWT",
  description:
    "The `accessToken` of `POST /auth/login` or `/auth/refresh`: a JWS following RFC8725 (JSON Web Token Best Current Practices). " +
    "The algorithm is pinned to HS256 (`none` and every other `alg` are refused), the header's `typ` must be `at+jwt`, " +
    `\`iss\` must be \`${TOKEN_ISSUER}\` and \`aud\` \`${TOKEN_AUDIENCE}\`, and \`sub\`, \`exp\` and \`iat\` are required; ` +
    `\`exp\` is checked against the request's instant. Tokens live ${ACCESS_TOKEN_TTL_SECONDS / 60} minutes; refresh tokens are ` +
    "opaque, single use and rotated (a reused one revokes its whole family). Any failure answers 401 `E_UNAUTHORIZED`.",
};

/** The document's tags, in the order the reference lists them. */
export const API_TAGS = [
  { name: "Auth", description: "Sign-in, tokens, passwords and the signed-in user." },
  { name: "Users", description: "The organization's people, their roles and their figures." },
  { name: "Teams", description: "Teams, their members and their live rooms." },
  { name: "Tickets", description: "Tickets, their status, assignment, history and SLA." },
  { name: "Comments", description: "A ticket's conversation." },
  { name: "Attachments", description: "Files on tickets." },
  { name: "Escalation", description: "Escalation policies and the steps they take." },
  { name: "SLA", description: "SLA policies, the default targets of each priority, and the business-hours calendars they count in." },
  { name: "Automations", description: "Rules that act on tickets when events happen." },
  { name: "Notifications", description: "In-app notifications, channels and deliveries." },
  { name: "Webhooks", description: "A team's webhooks and their delivery logs." },
  { name: "Reports", description: "SLA and workload reports, as JSON or CSV." },
  { name: "Operations", description: "Health, readiness and metrics for the operator." },
];

/** Where the API is served: relative, so the document holds for every deployment that serves it. */
export const API_SERVERS = [{ url: "/", description: "The deployment serving this document (production, staging or local).", "x-internal": false }];

// Contract §1: every error has the one envelope, component `Error` (src/http/openapi.ts).
const errorAnswer = (status: number) => ({ description: ERROR_DESCRIPTIONS[status]!, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

/** Answers any operation may give besides its own, by status; 401 only where a token is required. */
const COMMON_RESPONSES = {
  400: errorAnswer(400),
  401: errorAnswer(401),
  429: {
    ...errorAnswer(429),
    headers: {
      "Retry-After": {
        description: "Whole seconds until the rate-limit window ends.",
        schema: { type: "integer", format: "int32", minimum: 1, maximum: RATE_LIMIT_PERIOD_SECONDS },
      },
    },
  },
  500: errorAnswer(500),
  // The JSON body middleware's (src/http/json-body.ts): over 1 MiB, or not application/json.
  413: errorAnswer(413),
  415: errorAnswer(415),
};

/** Which common answers an operation gets: 400 needs some input to refuse, 401 a required token, 413/415 a body. */
function commonStatuses(operation: Operation): (keyof typeof COMMON_RESPONSES)[] {
  const statuses: (keyof typeof COMMON_RESPONSES)[] = [429, 500];
  if ((operation.parameters?.length ?? 0) > 0 || operation.requestBody) statuses.push(400);
  if (operation.requestBody) statuses.push(413, 415);
  if ((operation.security?.length ?? 0) > 0) statuses.push(401);
  return statuses;
}

/**
 * Adds the answers every operation shares (the rate limiter's 429, the error handler's 500, the
 * validator's 400, authentication's 401, the body limit's 413 and media type's 415) where a route did not describe its own, so that no route
 * has to repeat them. Mutates and returns `document`.
 */
export function withCommonResponses(document: Document): Document {
  for (const item of Object.values(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = (item as Partial<Record<(typeof METHODS)[number], Operation>>)[method];
      if (!operation) continue;
      const responses = (operation.responses ??= {});
      for (const status of commonStatuses(operation)) responses[status] ??= COMMON_RESPONSES[status];
    }
  }
  return document;
}
