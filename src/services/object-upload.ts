import { executableByMagic, MAGIC_BYTES_NEEDED, type ExecutableMatch } from "../domain/file-type";
import { ApiError } from "../http/errors";

/** The largest attachment (contract §1, §10). */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

// R2 multipart parts must be at least 5 MiB and, but for the last, all the same size.
const PART_BYTES = 5 * 1024 * 1024;

export function attachmentTooLarge() {
  return new ApiError(413, "E_PAYLOAD_TOO_LARGE", "An attachment may be at most 25 MiB.", { limitBytes: MAX_ATTACHMENT_BYTES });
}

export function executableRefused(match: ExecutableMatch) {
  return new ApiError(415, "E_UNSUPPORTED_MEDIA_TYPE", "Executable files cannot be attached.", { [match.by]: match.value });
}

/** What was stored: the byte count and SHA-256 (hex) of exactly the bytes R2 received. */
export type StoredObject = { size: number; sha256: string };

function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * Counts, hashes and inspects the bytes on their way to R2, so the file is read once and never
 * held whole. `take` throws past 25 MiB or at an executable's magic bytes, and remembers that
 * refusal so it can be told apart from a failing client or R2.
 */
function inspector() {
  let size = 0;
  let head = new Uint8Array(0);
  let refusal: ApiError | undefined;
  const digest = new crypto.DigestStream("SHA-256");
  const hasher = digest.getWriter();
  const refuse = (error: ApiError): never => {
    refusal = error;
    throw error;
  };
  return {
    async take(chunk: Uint8Array) {
      size += chunk.byteLength;
      if (size > MAX_ATTACHMENT_BYTES) refuse(attachmentTooLarge());
      if (head.length < MAGIC_BYTES_NEEDED) {
        head = new Uint8Array([...head, ...chunk.subarray(0, MAGIC_BYTES_NEEDED - head.length)]);
        const match = executableByMagic(head);
        if (match) refuse(executableRefused(match));
      }
      await hasher.write(chunk);
    },
    async result(): Promise<StoredObject> {
      await hasher.close();
      return { size, sha256: toHex(await digest.digest) };
    },
    refusal: () => refusal,
  };
}

type Inspector = ReturnType<typeof inspector>;

/**
 * The body's chunks, each inspected before it is handed on. The first bytes are read ahead, so an
 * executable is refused before any upload to R2 has begun.
 */
async function inspectedChunks(reader: ReadableStreamDefaultReader<Uint8Array>, check: Inspector): Promise<AsyncIterable<Uint8Array>> {
  const ahead: Uint8Array[] = [];
  let ended = false;
  for (let seen = 0; seen < MAGIC_BYTES_NEEDED && !ended; ) {
    const read = await reader.read();
    if (read.done) ended = true;
    else {
      await check.take(read.value);
      ahead.push(read.value);
      seen += read.value.byteLength;
    }
  }
  return (async function* () {
    yield* ahead;
    for (let read = ended ? undefined : await reader.read(); read && !read.done; read = await reader.read()) {
      await check.take(read.value);
      yield read.value;
    }
  })();
}

/** A body of known length: FixedLengthStream gives R2 the length a plain put needs, and fails a body that does not match it. */
async function putKnownLength(bucket: R2Bucket, key: string, chunks: AsyncIterable<Uint8Array>, length: number, options: R2PutOptions) {
  const fixed = new FixedLengthStream(length);
  const writer = fixed.writable.getWriter();
  const put = bucket.put(key, fixed.readable, options);
  try {
    for await (const chunk of chunks) await writer.write(chunk);
    await writer.close();
    await put;
  } catch (err) {
    await writer.abort(err).catch(() => undefined);
    await put.catch(() => undefined);
    throw err;
  }
}

/**
 * A body of unknown length (chunked): R2 needs a known length for a plain put, so it goes up in
 * 5 MiB parts of a multipart upload, holding one part in memory at a time. A body that fits in
 * one part is a plain put of that part.
 */
async function putUnknownLength(bucket: R2Bucket, key: string, chunks: AsyncIterable<Uint8Array>, options: R2PutOptions) {
  let upload: R2MultipartUpload | undefined;
  const parts: R2UploadedPart[] = [];
  let part = new Uint8Array(PART_BYTES);
  let filled = 0;
  try {
    for await (const chunk of chunks) {
      for (let offset = 0; offset < chunk.byteLength; ) {
        // A full part is sent only once more bytes arrive, so the last part is never empty.
        if (filled === PART_BYTES) {
          upload ??= await bucket.createMultipartUpload(key, options);
          parts.push(await upload.uploadPart(parts.length + 1, part));
          part = new Uint8Array(PART_BYTES);
          filled = 0;
        }
        const taken = chunk.subarray(offset, offset + PART_BYTES - filled);
        part.set(taken, filled);
        filled += taken.byteLength;
        offset += taken.byteLength;
      }
    }
    if (!upload) return void (await bucket.put(key, part.subarray(0, filled), options));
    parts.push(await upload.uploadPart(parts.length + 1, part.subarray(0, filled)));
    await upload.complete(parts);
  } catch (err) {
    await upload?.abort().catch(() => undefined);
    throw err;
  }
}

/**
 * Streams `body` into `bucket` at `key`, refusing more than 25 MiB (413) and executables by their
 * magic bytes (415). `length` is the announced size when there is one (the caller refuses one over
 * 25 MiB before reading). On any failure nothing is left under `key`.
 */
export async function storeObject(
  bucket: R2Bucket,
  key: string,
  body: ReadableStream<Uint8Array>,
  length: number | null,
  options: R2PutOptions,
): Promise<StoredObject> {
  const check = inspector();
  const reader = body.getReader();
  try {
    const chunks = await inspectedChunks(reader, check);
    if (length === null) await putUnknownLength(bucket, key, chunks, options);
    else await putKnownLength(bucket, key, chunks, length, options);
  } catch (err) {
    await reader.cancel().catch(() => undefined);
    // A put that failed stores nothing, but a late error (after R2 took the object) could leave one.
    await bucket.delete(key).catch(() => undefined);
    throw check.refusal() ?? err;
  }
  return check.result();
}
