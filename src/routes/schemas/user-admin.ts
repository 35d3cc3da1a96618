import { z } from "@hono/zod-openapi";
import { listQuery } from "../../http/pagination";
import { EmailSchema, NameSchema, PasswordSchema, RoleSchema, UserTimeZone } from "./user";

export const USER_SORT_FIELDS = ["createdAt", "name", "email"] as const;

export const UserListQuery = listQuery(USER_SORT_FIELDS, "createdAt").extend({
  role: RoleSchema.optional().openapi({ description: "Only users with this role." }),
  active: z.enum(["true", "false"]).optional().openapi({ description: "Only active (`true`) or deactivated (`false`) users." }),
});

export const CreateUserBody = z
  .strictObject({ email: EmailSchema, password: PasswordSchema, name: NameSchema, role: RoleSchema, timezone: UserTimeZone })
  .openapi("CreateUserRequest");

export const UpdateUserBody = z
  .strictObject({
    name: NameSchema.optional(),
    email: EmailSchema.optional(),
    timezone: UserTimeZone,
    active: z.boolean().optional().openapi({ description: "`false` deactivates (like `DELETE`); `true` reactivates." }),
  })
  .openapi("UpdateUserRequest");

export const ChangeRoleBody = z.strictObject({ role: RoleSchema }).openapi("ChangeRoleRequest");
