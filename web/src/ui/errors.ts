import { ApiError } from "../api/client";

/** A failure in words for the person at the screen: the server's own sentence where there is one. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return "Something went wrong. Please try again.";
}
