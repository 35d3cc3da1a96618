import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { ApiError } from "./errors";
import { toFieldIssues } from "./zod-issues";

/**
 * Every route module builds its router here, so that every validation failure, in any part of the
 * request, becomes the same 400 naming each bad field.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw ApiError.validation(toFieldIssues(result.error.issues));
    },
  });
}
