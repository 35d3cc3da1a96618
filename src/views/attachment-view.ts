import { z } from "@hono/zod-openapi";
import type { AttachmentRow } from "../db/attachments";

/** An attachment as the API, the live room, emails and webhooks show it. */
export const AttachmentSchema = z
  .object({
    id: z.string(),
    name: z.string().openapi({ description: "The file name as sanitized on upload (no path, no control characters).", example: "screenshot.png" }),
    size: z.number().int().openapi({ description: "Bytes.", example: 48213 }),
    contentType: z.string().openapi({ example: "image/png" }),
    sha256: z.string().openapi({ description: "Hex SHA-256 of the stored bytes; also the download's ETag." }),
    uploadedBy: z.string().openapi({ description: "The uploader's user id." }),
    at: z.string().openapi({ example: "2026-11-20T09:00:00.000Z" }),
  })
  .openapi("Attachment");

export function toAttachmentView(row: AttachmentRow): z.infer<typeof AttachmentSchema> {
  return {
    id: row.id,
    name: row.name,
    size: row.size,
    contentType: row.contentType,
    sha256: row.sha256,
    uploadedBy: row.uploadedBy,
    at: row.createdAt.toISOString(),
  };
}
