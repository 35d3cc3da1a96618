import { z } from "@hono/zod-openapi";
import type { MemberRow, TeamRow } from "../../db/teams";
import { TEAM_KEY_PATTERN } from "../../domain/teams";
import { IdParam } from "../../http/openapi";
import { listQuery } from "../../http/pagination";
import { NameSchema, RoleSchema } from "./user";

export const TEAM_SORT_FIELDS = ["name", "key", "createdAt"] as const;

export const TeamListQuery = listQuery(TEAM_SORT_FIELDS, "name");

export const TeamParams = z.object({ id: IdParam });
export const MemberParams = z.object({ id: IdParam, userId: IdParam });

const TeamKeySchema = z
  .string()
  .regex(TEAM_KEY_PATTERN, "Use 2–10 capital letters A–Z.")
  // The pattern allows at most 10 letters.
  .openapi({ maxLength: 10, example: "OPS", description: "Unique in the organization; prefixes the team's ticket keys (`OPS-42`)." });

export const CreateTeamBody = z
  .strictObject({ name: NameSchema, key: TeamKeySchema, autoAssign: z.boolean().optional() })
  .openapi("CreateTeamRequest");

export const UpdateTeamBody = z
  .strictObject({ name: NameSchema.optional(), key: TeamKeySchema.optional(), autoAssign: z.boolean().optional() })
  .openapi("UpdateTeamRequest");

export const PutMemberBody = z
  .strictObject({
    skills: z
      .array(z.string().trim().min(1).max(50))
      .max(50)
      .openapi({ description: "Ticket categories the member handles; duplicates are dropped.", example: ["billing", "network"] }),
    available: z.boolean().openapi({ description: "Whether auto-assignment may pick this member now." }),
    maxActive: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .nullable()
      .optional()
      .openapi({ format: "int32", description: "Active tickets auto-assignment gives the member at most; null or absent: no cap." }),
  })
  .openapi("PutTeamMemberRequest");

export const TeamMemberSchema = z
  .object({
    userId: z.string(),
    name: z.string(),
    email: z.string(),
    role: RoleSchema,
    skills: z.array(z.string()),
    available: z.boolean(),
    maxActive: z.number().int().nullable(),
  })
  .openapi("TeamMember");

export const TeamSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    key: z.string().openapi({ example: "OPS" }),
    autoAssign: z.boolean(),
    members: z.array(TeamMemberSchema).optional().openapi({
      description:
        "The team's active members. Omitted for requesters: they see teams to file tickets to, " +
        "but who works there, with which skills and availability, is internal to the desk.",
    }),
    createdAt: z.string().openapi({ example: "2026-11-20T09:00:00.000Z" }),
    updatedAt: z.string().openapi({ description: "The last change to the team's own fields (not its membership)." }),
  })
  .openapi("Team");

export type TeamView = z.infer<typeof TeamSchema>;

function toMemberView(member: MemberRow): z.infer<typeof TeamMemberSchema> {
  return { userId: member.userId, name: member.name, email: member.email, role: member.role, skills: member.skills, available: member.available, maxActive: member.maxActive };
}

/** The public face of a team; `members` only when the service loaded them for the caller. */
export function toTeamView(team: TeamRow & { members?: MemberRow[] }): TeamView {
  return {
    id: team.id,
    name: team.name,
    key: team.key,
    autoAssign: team.autoAssign,
    ...(team.members && { members: team.members.map(toMemberView) }),
    createdAt: team.createdAt.toISOString(),
    updatedAt: team.updatedAt.toISOString(),
  };
}
