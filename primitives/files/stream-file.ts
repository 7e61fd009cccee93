import { createHash } from "node:crypto";
import { open, rm } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { Readable, Transform, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";

/**
 * Streaming bytes into a new file: what uploads, URL downloads and the
 * artifact store share. Bytes are counted and hashed as they pass (nothing is
 * held whole in memory), the file is synced before the promise resolves, and
 * any failure (a source that errors or aborts, the size limit, a full disk)
 * removes the file: callers write to a temp name and rename only on success.
 */
export type ByteSource = Uint8Array | AsyncIterable<Uint8Array> | Readable | ReadableStream<Uint8Array>;

export interface StreamToFileOptions {
  /** Refuse past this many bytes; nothing is kept. */
  maxBytes?: number;
  /** The error thrown past `maxBytes` (default StreamTooLargeError). */
  tooLarge?: (maxBytes: number) => Error;
  /** File mode of the new file (default 0o600). */
  mode?: number;
  signal?: AbortSignal;
}

export class StreamTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`larger than the limit of ${maxBytes} bytes`);
    this.name = "StreamTooLargeError";
  }
}

/**
 * Writes `source` to `file` (which must not exist) and returns its size and sha256.
 * @example
 * const { bytes, sha256 } = await writeStreamToFile(Readable.fromWeb(request.body), tmp, { maxBytes: 100e6 });
 */
export async function writeStreamToFile(source: ByteSource, file: string, options: StreamToFileOptions = {}): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash("sha256");
  let bytes = 0;
  const { maxBytes, tooLarge = (max: number) => new StreamTooLargeError(max) } = options;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (maxBytes !== undefined && bytes > maxBytes) {
        callback(tooLarge(maxBytes));
        return;
      }
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  const handle = await open(file, "wx", options.mode ?? 0o600);
  try {
    await pipeline(toReadable(source), measure, fileSink(handle), ...(options.signal ? [{ signal: options.signal }] : []));
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(file, { force: true });
    throw error;
  }
  await handle.close();
  return { bytes, sha256: hash.digest("hex") };
}

/**
 * Syncs a directory, so a rename into it survives a crash.
 * @example
 * await rename(tmp, target); await syncDirectory(path.dirname(target));
 */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function toReadable(source: ByteSource): Readable {
  if (source instanceof Readable) return source;
  // Wrapped in an array: a bare Uint8Array would be iterated byte by byte.
  if (source instanceof Uint8Array) return Readable.from([source]);
  // The DOM and node:stream/web declare the same web stream twice.
  if (isWebStream(source)) return Readable.fromWeb(source as unknown as WebReadableStream<Uint8Array>);
  return Readable.from(source);
}

function isWebStream(source: ByteSource): source is ReadableStream<Uint8Array> {
  return typeof (source as { getReader?: unknown }).getReader === "function";
}

/** Writes every byte to the handle and syncs it before finishing; the caller closes the handle. */
function fileSink(handle: FileHandle): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writeFully(handle, chunk).then(() => callback(), callback);
    },
    final(callback) {
      handle.sync().then(() => callback(), callback);
    },
  });
}

async function writeFully(handle: FileHandle, chunk: Buffer): Promise<void> {
  // A write may take fewer bytes than offered; the rest follows.
  for (let offset = 0; offset < chunk.length; ) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}
