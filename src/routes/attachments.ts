import { createRoute } from "@hono/zod-openapi";
import { contentDisposition } from "../domain/file-type";
import { actionContext } from "../http/action-context";
import { authenticate } from "../http/auth";
import { bearerSecurity, errorResponses, jsonAnswer, pageOf } from "../http/openapi";
import { toPageRequest } from "../http/pagination";
import { ifNoneMatchHits } from "../http/etag";
import { createRouter } from "../http/router";
import { listTicketAttachments, openAttachment, uploadAttachment, visibleAttachment } from "../services/attachment-service";
import {
  AttachmentListQuery,
  AttachmentParams,
  DownloadAnswer,
  TicketAttachmentParams,
  UploadBody,
  UploadHeaders,
} from "./schemas/attachment";
import { AttachmentSchema, toAttachmentView } from "../views/attachment-view";

const common = { tags: ["Attachments"], security: bearerSecurity, middleware: [authenticate] };

const upload = createRoute({
  ...common,
  method: "post",
  operationId: "uploadTicketAttachment",
  path: "/{id}/attachments",
  summary: "Attach a file to a ticket",
  description: "Anyone who may see the ticket, requesters included for their own. Writes an `attachment_added` history entry.",
  request: { params: TicketAttachmentParams, headers: UploadHeaders, body: UploadBody },
  responses: {
    201: jsonAnswer(AttachmentSchema, "The stored attachment."),
    ...errorResponses(400, 401, 404, 413),
    415: { ...errorResponses(415)[415]!, description: "An executable, known by its type, its name or its first bytes." },
  },
});

const list = createRoute({
  ...common,
  method: "get",
  operationId: "listTicketAttachments",
  path: "/{id}/attachments",
  summary: "List a ticket's attachments",
  request: { params: TicketAttachmentParams, query: AttachmentListQuery },
  responses: { 200: jsonAnswer(pageOf(AttachmentSchema), "One page of attachments, oldest first."), ...errorResponses(400, 401, 404) },
});

const download = createRoute({
  ...common,
  method: "get",
  operationId: "downloadAttachment",
  path: "/{id}",
  summary: "Download an attachment",
  description: "Streams the stored bytes to anyone who may see the attachment's ticket; to anyone else it does not exist (404).",
  request: { params: AttachmentParams },
  responses: { 200: DownloadAnswer, 304: { description: "`If-None-Match` named the current ETag." }, ...errorResponses(401, 404) },
});

/** `POST` and `GET /tickets/{id}/attachments`; mount under `/api/v1/tickets`. */
export const ticketAttachmentRoutes = createRouter()
  .openapi(upload, async (c) => {
    // The service reads the raw request: the body is streamed to R2, never parsed by a validator.
    const row = await uploadAttachment(actionContext(c), c.env.ATTACHMENTS, c.req.valid("param").id, c.req.raw);
    return c.json(toAttachmentView(row), 201, { Location: `/api/v1/attachments/${row.id}` });
  })
  .openapi(list, async (c) => {
    const page = await listTicketAttachments(actionContext(c), c.req.valid("param").id, toPageRequest(c.req.valid("query")));
    return c.json({ items: page.items.map(toAttachmentView), nextCursor: page.nextCursor }, 200);
  });

/** `GET /attachments/{id}`; mount under `/api/v1/attachments`. */
export const attachmentRoutes = createRouter().openapi(download, async (c) => {
  const row = await visibleAttachment(actionContext(c), c.req.valid("param").id);
  const etag = `"${row.sha256}"`;
  const cacheHeaders = { ETag: etag, "Cache-Control": "private, no-cache" };
  if (ifNoneMatchHits(c.req.header("If-None-Match"), etag)) return c.body(null, 304, cacheHeaders);
  const object = await openAttachment(c.env.ATTACHMENTS, row);
  return c.body(object.body, 200, {
    ...cacheHeaders,
    "Content-Type": row.contentType,
    "Content-Length": String(row.size),
    "Content-Disposition": contentDisposition(row.name),
    // The bytes are whatever a user uploaded: never let a browser sniff, render or run them here.
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
  });
});
