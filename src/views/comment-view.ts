import { z } from "@hono/zod-openapi";
import type { CommentRow } from "../db/comments";

/** A comment as the API, the live room, emails and webhooks show it. */
export const CommentSchema = z
  .object({
    id: z.string(),
    ticketId: z.string(),
    authorId: z.string(),
    body: z.string(),
    public: z.boolean(),
    createdAt: z.string().openapi({ format: "date-time", example: "2026-11-20T09:00:00.000Z" }),
  })
  .openapi("Comment");

export function toCommentView(row: CommentRow): z.infer<typeof CommentSchema> {
  return { ...row, createdAt: row.createdAt.toISOString() };
}
