import { ApiError } from "../http/errors";

/** Registration and user administration refuse a taken email with the same answer. */
export function emailTaken() {
  return ApiError.conflict("E_EMAIL_TAKEN", "An account with this email already exists.");
}
