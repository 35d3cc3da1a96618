import type { Context, ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../env";
import { ApiError } from "./errors";

const CODE_BY_STATUS: Record<number, string> = {
  400: "E_BAD_REQUEST",
  401: "E_UNAUTHORIZED",
  403: "E_FORBIDDEN",
  404: "E_NOT_FOUND",
  405: "E_METHOD_NOT_ALLOWED",
  413: "E_PAYLOAD_TOO_LARGE",
  415: "E_UNSUPPORTED_MEDIA_TYPE",
  429: "E_RATE_LIMITED",
};

/** Writes the contract's error envelope; the only place an error response is shaped. */
export function errorResponse(c: Context<AppEnv>, error: ApiError) {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(
    { error: error.code, message: error.message, details: error.details, requestId: c.get("requestId") },
    error.status,
  );
}

function fromHttpException(err: HTTPException): ApiError {
  const status = err.status as ContentfulStatusCode;
  if (status >= 500) return new ApiError(500, "E_INTERNAL", "Something went wrong on our side.");
  return new ApiError(status, CODE_BY_STATUS[status] ?? "E_BAD_REQUEST", err.message || "The request was refused.");
}

export const handleError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof ApiError) return errorResponse(c, err);
  if (err instanceof HTTPException) return errorResponse(c, fromHttpException(err));
  console.error(JSON.stringify({ level: "error", requestId: c.get("requestId"), message: err.message, stack: err.stack }));
  return errorResponse(c, new ApiError(500, "E_INTERNAL", "Something went wrong on our side."));
};
