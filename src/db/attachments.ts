import { and, eq } from "drizzle-orm";
import type { PageRequest } from "../http/pagination";
import type { Database } from "./client";
import { afterCursor, keysetOrder } from "./keyset";
import { attachments } from "./schema";

export type AttachmentRow = typeof attachments.$inferSelect;
export type NewAttachment = typeof attachments.$inferInsert;
export type AttachmentSortField = "createdAt";

/** The statement that records one attachment, for the batch that also writes its history row. */
export function insertAttachment(db: Database, values: NewAttachment) {
  return db.insert(attachments).values(values);
}

/** One keyset page (`limit + 1` rows) of a ticket's attachments, by (created_at, id). */
export function listAttachments(db: Database, ticketId: string, page: PageRequest<AttachmentSortField>) {
  return db
    .select()
    .from(attachments)
    .where(and(eq(attachments.ticketId, ticketId), afterCursor(attachments.createdAt, attachments.id, page.descending, page.cursor)))
    .orderBy(...keysetOrder(attachments.createdAt, attachments.id, page.descending))
    .limit(page.limit + 1);
}

/** An attachment of `orgId`, or undefined: another organization's id reads as missing. */
export function findAttachmentInOrg(db: Database, orgId: string, id: string) {
  return db.query.attachments.findFirst({ where: and(eq(attachments.orgId, orgId), eq(attachments.id, id)) });
}

