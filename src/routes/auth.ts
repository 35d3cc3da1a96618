import { createRoute, z } from "@hono/zod-openapi";
import { jwtSecret, mayLogSecrets, passwordPepper } from "../config";
import type { Bindings } from "../env";
import { authenticate } from "../http/auth";
import { bearerSecurity, errorResponses, jsonAnswer, jsonBody } from "../http/openapi";
import { limitSignInAttempts } from "../http/rate-limit";
import { createRouter } from "../http/router";
import { waitUntilOf } from "../http/action-context";
import { resetMailer } from "../notify/channels/password-reset-mail";
import { logResetToken, requestPasswordReset, resetPassword } from "../services/password-reset";
import { getProfile, updateProfile } from "../services/profile";
import { endSession, refreshSession, type AuthSecrets, type Session } from "../services/sessions";
import { login, register } from "../services/sign-in";
import { ForgotPasswordBody, LoginBody, RefreshBody, RegisterBody, ResetPasswordBody, SessionSchema, UpdateMeBody } from "./schemas/auth";
import { toUserView, UserSchema } from "./schemas/user";

const tags = ["Auth"];

function secrets(env: Bindings): AuthSecrets {
  return { jwtSecret: jwtSecret(env), pepper: passwordPepper(env) };
}

function toSessionView(session: Session) {
  return { ...session, user: toUserView(session.user) };
}

const noContent = (description: string) => ({ description });

export const authRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      operationId: "register",
      path: "/register",
      tags,
      summary: "Create an organization and sign in as its first admin",
      request: { body: jsonBody(RegisterBody) },
      responses: { 201: jsonAnswer(SessionSchema, "The organization exists; its admin is signed in."), ...errorResponses(400, 409, 413, 415) },
    }),
    async (c) => {
      const session = await register(c.get("db"), secrets(c.env), c.req.valid("json"), c.get("now"));
      return c.json(toSessionView(session), 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      operationId: "login",
      path: "/login",
      tags,
      middleware: [limitSignInAttempts],
      summary: "Sign in with email and password",
      description:
        "A wrong password, an unknown email and a deactivated account answer the same 401. Five failures in a row lock the account for 15 minutes (423, `details.lockedUntil`). " +
        "Ten attempts a minute per (client IP, email) pair; the 11th is answered 429 with `Retry-After` before anything else is looked at.",
      request: { body: jsonBody(LoginBody) },
      responses: { 200: jsonAnswer(SessionSchema, "Signed in."), ...errorResponses(400, 401, 413, 415, 423) },
    }),
    async (c) => c.json(toSessionView(await login(c.get("db"), secrets(c.env), c.req.valid("json"), c.get("now"))), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      operationId: "refreshSession",
      path: "/refresh",
      tags,
      summary: "Trade a refresh token for a new token pair",
      description: "Each refresh token works once. Presenting a spent one ends every session of that sign-in (401 `E_INVALID_REFRESH_TOKEN`).",
      request: { body: jsonBody(RefreshBody) },
      responses: { 200: jsonAnswer(SessionSchema, "A new pair; the presented token is spent."), ...errorResponses(400, 401, 413, 415) },
    }),
    async (c) => {
      const session = await refreshSession(c.get("db"), c.req.valid("json").refreshToken, jwtSecret(c.env), c.get("now"));
      return c.json(toSessionView(session), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      operationId: "logout",
      path: "/logout",
      tags,
      summary: "End the sign-in a refresh token belongs to",
      description: "Revokes every refresh token of that sign-in. An unknown token answers the same 204.",
      request: { body: jsonBody(RefreshBody) },
      responses: { 204: noContent("Signed out."), ...errorResponses(400, 413, 415) },
    }),
    async (c) => {
      await endSession(c.get("db"), c.req.valid("json").refreshToken, c.get("now"));
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      operationId: "getMe",
      path: "/me",
      tags,
      summary: "The signed-in user",
      security: bearerSecurity,
      middleware: [authenticate] as const,
      responses: { 200: jsonAnswer(UserSchema, "The caller."), ...errorResponses(401) },
    }),
    async (c) => c.json(toUserView(await getProfile(c.get("db"), c.get("caller"), c.get("accountCheck"))), 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      operationId: "updateMe",
      path: "/me",
      tags,
      summary: "Change the signed-in user's name or password",
      description: "A new password needs `currentPassword` and ends every refresh token of the user.",
      security: bearerSecurity,
      middleware: [authenticate] as const,
      request: { body: jsonBody(UpdateMeBody) },
      responses: { 200: jsonAnswer(UserSchema, "The updated caller."), ...errorResponses(400, 401, 413, 415) },
    }),
    async (c) => {
      const user = await updateProfile(c.get("db"), passwordPepper(c.env), c.get("caller"), c.req.valid("json"), c.get("now"));
      return c.json(toUserView(user), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      operationId: "forgotPassword",
      path: "/forgot-password",
      tags,
      summary: "Ask for a password reset link by email",
      description:
        "Always 202 with `{}`, whether or not the email has an account. An account's owner gets an email with the link `{APP_URL}/reset-password?token=<token>`; the token lasts one hour.",
      request: { body: jsonBody(ForgotPasswordBody) },
      responses: { 202: jsonAnswer(z.object({}), "If the account exists, a reset token is on its way."), ...errorResponses(400, 413, 415) },
    }),
    async (c) => {
      const mail = resetMailer(c.env, c.get("db"), waitUntilOf(c));
      await requestPasswordReset(c.get("db"), c.req.valid("json").email, c.get("now"), mayLogSecrets(c.env) ? [mail, logResetToken] : [mail]);
      return c.json({}, 202);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      operationId: "resetPassword",
      path: "/reset-password",
      tags,
      summary: "Set a new password with a reset token",
      description: "Spends the token, clears any lockout and ends every session. An unknown, expired or used token answers 400 `E_INVALID_RESET_TOKEN`.",
      request: { body: jsonBody(ResetPasswordBody) },
      responses: { 204: noContent("The password is changed."), ...errorResponses(400, 413, 415) },
    }),
    async (c) => {
      const { token, password } = c.req.valid("json");
      await resetPassword(c.get("db"), passwordPepper(c.env), token, password, c.get("now"));
      return c.body(null, 204);
    },
  );
