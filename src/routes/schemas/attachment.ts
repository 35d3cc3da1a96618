import { z } from "@hono/zod-openapi";
import { IdParam } from "../../http/openapi";
import { listQuery } from "../../http/pagination";
import { MAX_ATTACHMENT_BYTES } from "../../services/object-upload";

export const AttachmentListQuery = listQuery(["createdAt"] as const, "createdAt");

export const TicketAttachmentParams = z.object({ id: IdParam.openapi({ description: "The ticket's id or key (`OPS-12`)." }) });
export const AttachmentParams = z.object({ id: IdParam });

export const UploadHeaders = z.object({
  "x-filename": z
    .string()
    .max(1024)
    .optional()
    .openapi({ description: "The file's name, for a raw body (required then); percent-encode a name that is not ASCII.", example: "screenshot.png" }),
});

// The file's bytes; `maxLength` counts bytes here, the limit the upload enforces (413 above it).
const File = { type: "string" as const, format: "binary", maxLength: MAX_ATTACHMENT_BYTES };

/** The upload's body in OpenAPI; read by the service, not by a validator, so it can be streamed. */
export const UploadBody = {
  required: true,
  description:
    "Up to 25 MiB (413 above). Either `multipart/form-data` with one file in the field `file`, or the raw bytes with the " +
    "file's own `Content-Type` (any media type, `application/octet-stream` when unknown) and its name in `X-Filename`. " +
    "Executables, by type, by name or by their first bytes, answer 415.",
  content: {
    "multipart/form-data": {
      schema: { type: "object" as const, properties: { file: File }, required: ["file"] },
    },
    "application/octet-stream": { schema: File },
  },
};

/** A downloaded file: the bytes as stored, with these headers. */
export const DownloadAnswer = {
  description: "The file's bytes as uploaded.",
  headers: {
    "Content-Disposition": { schema: { type: "string" as const }, description: "`attachment` with the file's name (`filename` and RFC 5987 `filename*`)." },
    ETag: { schema: { type: "string" as const }, description: 'The quoted sha256; `If-None-Match` with it answers 304.' },
  },
  // Served with the Content-Type it was uploaded with (octet-stream when it had none): any type.
  content: {
    "application/octet-stream": { schema: { type: "string" as const, format: "binary" } },
    "*/*": { schema: { type: "string" as const, format: "binary" } },
  },
};
