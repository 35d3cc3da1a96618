import type { ContentfulStatusCode } from "hono/utils/http-status";

/** One field-level problem, as listed in `details.issues` (contract §1). */
export type FieldIssue = { path: string; message: string };

/**
 * The only error type the app throws on purpose. The error handler turns it into the
 * contract's envelope `{error, message, details, requestId}`; anything else becomes a 500.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  static validation(issues: FieldIssue[], message = "The request is not valid.") {
    return new ApiError(400, "E_VALIDATION", message, { issues });
  }
  static unauthorized(message = "Sign in to do this.") {
    return new ApiError(401, "E_UNAUTHORIZED", message, {}, { "WWW-Authenticate": 'Bearer realm="slaguard"' });
  }
  static forbidden(message = "Your role may not do this.") {
    return new ApiError(403, "E_FORBIDDEN", message);
  }
  static notFound(what = "resource") {
    return new ApiError(404, "E_NOT_FOUND", `No such ${what}.`);
  }
  static conflict(code: string, message: string, details: Record<string, unknown> = {}) {
    return new ApiError(409, code, message, details);
  }
  static unprocessable(code: string, message: string, details: Record<string, unknown> = {}) {
    return new ApiError(422, code, message, details);
  }
}
