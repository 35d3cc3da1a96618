import { attachmentEvent } from "../live/publish";
import { findAttachmentInOrg, insertAttachment, listAttachments, type AttachmentRow, type AttachmentSortField } from "../db/attachments";
import { isForeignKeyViolation } from "../db/constraint";
import { countLiveChange } from "../db/teams";
import { insertHistory } from "../db/ticket-history";
import { contentDisposition, executableByDeclaration, normalizeContentType, sanitizeFileName } from "../domain/file-type";
import { ApiError } from "../http/errors";
import { byCreatedAt, toPage, type PageRequest } from "../http/pagination";
import type { ActionContext } from "./context";
import { executableRefused, storeObject } from "./object-upload";
import { visibleTicket } from "./ticket-access";
import { uploadSource } from "./upload-source";

type Reader = Pick<ActionContext, "db" | "caller">;

/** Where a ticket's objects live in R2: one prefix per ticket, so they can be found without D1. */
export function ticketObjectPrefix(orgId: string, ticketId: string): string {
  return `${orgId}/${ticketId}/`;
}

/**
 * Attaches the file `request` carries to a ticket the caller may see (requesters: their own).
 * Nothing is read before the caller, the ticket and the announced size pass; the bytes then go
 * straight to R2, and the row and its history entry are written in one batch after them. If that
 * batch fails the object is deleted again, so D1 never points at a missing object and R2 keeps
 * no object D1 does not know.
 */
export async function uploadAttachment(ctx: ActionContext, bucket: R2Bucket, ticketIdOrKey: string, request: Request): Promise<AttachmentRow> {
  const { db, caller, now } = ctx;
  const ticket = await visibleTicket(db, caller, ticketIdOrKey);
  const source = await uploadSource(request);
  const name = sanitizeFileName(source.name);
  const declared = executableByDeclaration(name, source.contentType);
  if (declared) {
    await source.body.cancel().catch(() => undefined);
    throw executableRefused(declared);
  }
  const contentType = normalizeContentType(source.contentType);
  const id = crypto.randomUUID();
  const objectKey = `${ticketObjectPrefix(caller.orgId, ticket.id)}${id}`;
  const stored = await storeObject(bucket, objectKey, source.body, source.length, {
    httpMetadata: { contentType, contentDisposition: contentDisposition(name) },
    customMetadata: { attachmentId: id, uploadedBy: caller.id },
  });
  const row: AttachmentRow = { id, ticketId: ticket.id, orgId: caller.orgId, name, contentType, objectKey, uploadedBy: caller.id, createdAt: now, ...stored };
  try {
    await db.batch([
      insertAttachment(db, row),
      insertHistory(db, { ticketId: ticket.id, at: now, actorId: caller.id, action: "attachment_added", to: { id, name, size: stored.size }, ip: ctx.ip }),
      countLiveChange(db, [ticket.teamId]),
    ]);
  } catch (err) {
    await bucket.delete(objectKey).catch(() => undefined);
    // The ticket was deleted while the file was on its way.
    if (isForeignKeyViolation(err)) throw ApiError.notFound("ticket");
    throw err;
  }
  ctx.publish?.(ticket.teamId, attachmentEvent(ticket, row));
  return row;
}

/** One page of a visible ticket's attachments, oldest first unless `-createdAt`. */
export async function listTicketAttachments(ctx: Reader, ticketIdOrKey: string, page: PageRequest<AttachmentSortField>) {
  const ticket = await visibleTicket(ctx.db, ctx.caller, ticketIdOrKey);
  const rows = await listAttachments(ctx.db, ticket.id, page);
  return toPage(rows, page.limit, byCreatedAt);
}

/**
 * An attachment whose ticket the caller may see. Any other answers 404 "attachment" alike, so a
 * requester cannot tell another's attachment from one that does not exist.
 */
export async function visibleAttachment(ctx: Reader, id: string): Promise<AttachmentRow> {
  const row = await findAttachmentInOrg(ctx.db, ctx.caller.orgId, id);
  if (!row) throw ApiError.notFound("attachment");
  try {
    await visibleTicket(ctx.db, ctx.caller, row.ticketId);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) throw ApiError.notFound("attachment");
    throw err;
  }
  return row;
}

/** The stored bytes of a visible attachment, as a stream. */
export async function openAttachment(bucket: R2Bucket, row: AttachmentRow): Promise<R2ObjectBody> {
  const object = await bucket.get(row.objectKey);
  if (!object) {
    console.error(JSON.stringify({ level: "error", message: "attachment object missing from R2", attachmentId: row.id, objectKey: row.objectKey }));
    throw ApiError.notFound("attachment");
  }
  return object;
}

/** Deletes R2 objects by key, in calls of at most 1,000 keys (R2's limit for one delete). */
export async function deleteTicketObjects(bucket: R2Bucket, keys: readonly string[]): Promise<void> {
  for (let start = 0; start < keys.length; start += 1000) await bucket.delete(keys.slice(start, start + 1000));
}

/**
 * Deletes every object under a ticket's prefix, found by listing R2 rather than D1: call it after
 * the ticket row is gone and it also catches an upload that landed between reading the keys and
 * the delete (whose own batch then fails on the missing ticket).
 */
export async function purgeTicketObjects(bucket: R2Bucket, orgId: string, ticketId: string): Promise<void> {
  const prefix = ticketObjectPrefix(orgId, ticketId);
  // Each round deletes what it listed, so listing again from the start finds the rest.
  for (let listed = await bucket.list({ prefix, limit: 1000 }); listed.objects.length > 0; listed = await bucket.list({ prefix, limit: 1000 })) {
    await deleteTicketObjects(bucket, listed.objects.map((object) => object.key));
  }
}
