import { mediaTypeEssence } from "../domain/file-type";
import { ApiError, type FieldIssue } from "../http/errors";
import { attachmentTooLarge, MAX_ATTACHMENT_BYTES } from "./object-upload";

/** One uploaded file, not yet read: its declared name and type, its bytes, and its size if known. */
export type UploadSource = { name: string; contentType: string | null; body: ReadableStream<Uint8Array>; length: number | null };

// Room for the boundaries and part headers around a 25 MiB file in a multipart body.
const FORM_OVERHEAD_BYTES = 64 * 1024;

/** The announced `Content-Length`, or null for a body sent without one (chunked). */
function announcedLength(request: Request): number | null {
  const header = request.headers.get("Content-Length");
  return header !== null && /^\d+$/.test(header.trim()) ? Number(header) : null;
}

/**
 * The name from `X-Filename`. Clients should percent-encode a name that is not ASCII, as browsers
 * refuse other header values; the runtime also reads raw UTF-8 header bytes (`curl -H`) as UTF-8.
 */
function decodeFileName(header: string): string {
  try {
    return decodeURIComponent(header);
  } catch {
    return header;
  }
}

function refuse(issues: FieldIssue[]): never {
  throw ApiError.validation(issues);
}

/** A raw body: the bytes are the file, `Content-Type` its type and `X-Filename` its name. */
function rawSource(request: Request): UploadSource {
  const length = announcedLength(request);
  if (length !== null && length > MAX_ATTACHMENT_BYTES) throw attachmentTooLarge();
  const name = request.headers.get("X-Filename");
  if (!name?.trim()) refuse([{ path: "x-filename", message: "Name the file in the X-Filename header (percent-encoded when not ASCII)." }]);
  const body = request.body ?? new Blob([]).stream();
  return { name: decodeFileName(name), contentType: request.headers.get("Content-Type"), body, length };
}

/** Passes bytes through until more than `limit` have gone by, then errors the stream. */
function capped(body: ReadableStream<Uint8Array>, limit: number, onExceeded: () => void) {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) {
          onExceeded();
          throw attachmentTooLarge();
        }
        controller.enqueue(chunk);
      },
    }),
  );
}

/**
 * A multipart/form-data body with exactly one file in the field `file`. The runtime's parser reads
 * the form whole, so the body is capped while it is read: a chunked body gets no further than a
 * few bytes past the limit before it is refused.
 */
async function formSource(request: Request): Promise<UploadSource> {
  const limit = MAX_ATTACHMENT_BYTES + FORM_OVERHEAD_BYTES;
  const length = announcedLength(request);
  if (length !== null && length > limit) throw attachmentTooLarge();
  let exceeded = false;
  const body = capped(request.body ?? new Blob([]).stream(), limit, () => (exceeded = true));
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "Content-Type": request.headers.get("Content-Type")! } }).formData();
  } catch {
    if (exceeded) throw attachmentTooLarge();
    throw new ApiError(400, "E_MALFORMED_MULTIPART", "The multipart/form-data body could not be read.");
  }
  const unknown = [...new Set(form.keys())].filter((key) => key !== "file");
  if (unknown.length > 0) refuse(unknown.map((path) => ({ path, message: "Unknown field." })));
  const files = form.getAll("file");
  const file = files[0];
  if (files.length !== 1 || typeof file === "string" || file === undefined) {
    refuse([{ path: "file", message: "Send exactly one file in the field `file`." }]);
  }
  if (file.size > MAX_ATTACHMENT_BYTES) throw attachmentTooLarge();
  return { name: file.name, contentType: file.type || null, body: file.stream(), length: file.size };
}

/** The file a `POST /tickets/{id}/attachments` carries, as multipart or as a raw body (contract §10). */
export async function uploadSource(request: Request): Promise<UploadSource> {
  const multipart = mediaTypeEssence(request.headers.get("Content-Type")) === "multipart/form-data";
  return multipart ? formSource(request) : rawSource(request);
}
