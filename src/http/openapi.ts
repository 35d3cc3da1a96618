import { z } from "@hono/zod-openapi";

export const ErrorSchema = z
  .object({
    error: z.string().openapi({ example: "E_VALIDATION" }),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
    requestId: z.string(),
  })
  .openapi("Error");

const errorContent = { "application/json": { schema: ErrorSchema } };

/** What each error status means, wherever the API describes it (here and in openapi-document.ts). */
export const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Invalid input; `details.issues` names each bad field.",
  401: "No valid access token.",
  403: "The caller's role may not do this.",
  404: "No such object in the caller's organization.",
  409: "Conflicts with the current state.",
  412: "The `If-Match` version is stale.",
  413: "The body is too large.",
  415: "The body is not JSON.",
  422: "Well-formed but not acceptable.",
  423: "The account is locked.",
  429: "Rate limited (`E_RATE_LIMITED`): 100 requests a minute per user, 10 sign-in attempts a minute per client address and email.",
  500: "An unexpected failure (`E_INTERNAL`); `requestId` identifies it in the logs.",
};

/** Standard error answers for a route's OpenAPI description, by status. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(statuses.map((status) => [status, { description: ERROR_DESCRIPTIONS[status] ?? "Error.", content: errorContent }]));
}

/** Wraps a schema as a route's JSON body. */
export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return { required: true, description, content: { "application/json": { schema } } };
}

/** Wraps a schema as a JSON answer. */
export function jsonAnswer<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** `{items, nextCursor}` of the contract's lists. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const bearerSecurity = [{ bearerAuth: [] }];

export const IdParam = z.string().min(1).max(64);
