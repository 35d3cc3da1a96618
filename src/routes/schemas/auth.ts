import { z } from "@hono/zod-openapi";
import { ACCESS_TOKEN_TTL_SECONDS } from "../../auth/access-token";
import { TimeZoneSchema } from "./time-zone";
import { EmailSchema, NameSchema, PasswordSchema, UserSchema, UserTimeZone } from "./user";

const OpaqueToken = z.string().min(1).max(512);

export const RegisterBody = z
  .strictObject({
    email: EmailSchema,
    password: PasswordSchema,
    name: NameSchema,
    organization: NameSchema.openapi({ example: "Acme" }),
    timezone: TimeZoneSchema.optional().openapi({ description: "The organization's IANA time zone (default `UTC`): what a day means in reports, and its people's email times." }),
  })
  .openapi("RegisterRequest");

/** A sign-in only checks the password, so its length rule is not re-applied (old passwords stay valid). */
export const LoginBody = z.strictObject({ email: EmailSchema, password: z.string().min(1).max(256) }).openapi("LoginRequest");

export const RefreshBody = z.strictObject({ refreshToken: OpaqueToken }).openapi("RefreshRequest");

export const ForgotPasswordBody = z.strictObject({ email: EmailSchema }).openapi("ForgotPasswordRequest");

export const ResetPasswordBody = z.strictObject({ token: OpaqueToken, password: PasswordSchema }).openapi("ResetPasswordRequest");

export const UpdateMeBody = z
  .strictObject({
    name: NameSchema.optional(),
    timezone: UserTimeZone,
    password: PasswordSchema.optional(),
    currentPassword: z.string().min(1).max(256).optional(),
  })
  .refine((body) => body.password === undefined || body.currentPassword !== undefined, {
    path: ["currentPassword"],
    message: "Required to change the password.",
  })
  .openapi("UpdateMeRequest");

export const SessionSchema = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string(),
    expiresIn: z.number().int().openapi({ example: ACCESS_TOKEN_TTL_SECONDS, description: "Seconds until the access token expires." }),
    user: UserSchema,
  })
  .openapi("Session");
