import { z } from "@hono/zod-openapi";
import type { UserRow } from "../../db/users";
import { ROLES } from "../../domain/roles";
import { TimeZoneSchema } from "./time-zone";

export const RoleSchema = z.enum(ROLES).openapi("Role");

/** At least 10 characters (contract §2); 256 caps the work a single hash can be made to do. */
export const PasswordSchema = z.string().min(10, "Use at least 10 characters.").max(256);
export const EmailSchema = z.email().max(254).openapi({ example: "ada@example.com" });
export const NameSchema = z.string().trim().min(1).max(200);
/** A person's own time zone for their emails; null: the organization's. */
export const UserTimeZone = TimeZoneSchema.nullable().optional().openapi({ description: "IANA time zone of your emails; null uses the organization's." });

export const UserSchema = z
  .object({
    id: z.string(),
    orgId: z.string(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    active: z.boolean(),
    timezone: z.string().nullable().openapi({ description: "The user's own IANA time zone; null: the organization's." }),
    createdAt: z.string().openapi({ example: "2026-11-20T09:00:00.000Z" }),
    updatedAt: z.string(),
  })
  .openapi("User");

export type UserView = z.infer<typeof UserSchema>;

/** The public face of a user row: never the hash, lockout counters or other internals. */
export function toUserView(row: UserRow): UserView {
  return {
    id: row.id,
    orgId: row.orgId,
    email: row.email,
    name: row.name,
    role: row.role,
    active: row.active,
    timezone: row.timezone,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
