import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { chmod, mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform, Writable } from "node:stream";
import type { FileHandle } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import {
  ArtifactNotFoundError,
  ArtifactTooLargeError,
  parseArtifactId,
  type ArtifactInfo,
  type ArtifactSource,
  type ArtifactStore,
} from "./store";

/**
 * Artifacts as files: `<root>/sha256/<first two hex>/<id>`, read-only once
 * written. A put streams into `<root>/tmp/` while hashing, syncs the file and
 * renames it into place, so a reader never sees a partial artifact.
 */
export interface FileArtifactStore extends ArtifactStore {
  readonly root: string;
  /** Removes temp files that crashed writers left behind, older than `olderThanMs`. */
  sweepTemp(olderThanMs: number): Promise<number>;
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

export function createFileArtifactStore(options: { root: string }): FileArtifactStore {
  const root = path.resolve(options.root);
  const tmpDir = path.join(root, "tmp");
  const pathOf = (id: string) => path.join(root, "sha256", id.slice(0, 2), id);

  function toStream(content: ArtifactSource): Readable {
    if (content instanceof Readable) return content;
    // Wrapped in an array: a bare Uint8Array would be iterated byte by byte.
    if (content instanceof Uint8Array) return Readable.from([content]);
    return Readable.from(content);
  }

  async function syncDirectory(dir: string): Promise<void> {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async function statOf(id: string): Promise<ArtifactInfo | null> {
    const valid = parseArtifactId(id);
    try {
      const info = await stat(pathOf(valid));
      return { id: valid, size: info.size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  return {
    root,
    async put(content, putOptions = {}) {
      await mkdir(tmpDir, { recursive: true });
      const tmp = path.join(tmpDir, `${randomUUID()}.part`);
      const hash = createHash("sha256");
      let size = 0;
      const measure = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          size += chunk.length;
          if (putOptions.maxBytes !== undefined && size > putOptions.maxBytes) {
            callback(new ArtifactTooLargeError(putOptions.maxBytes));
            return;
          }
          hash.update(chunk);
          callback(null, chunk);
        },
      });
      const handle = await open(tmp, "wx", 0o600);
      try {
        await pipeline(toStream(content), measure, fileSink(handle));
      } catch (error) {
        await handle.close().catch(() => {});
        await rm(tmp, { force: true });
        throw error;
      }
      await handle.close();
      const id = parseArtifactId(hash.digest("hex"));
      const target = pathOf(id);
      await mkdir(path.dirname(target), { recursive: true });
      await chmod(tmp, 0o444);
      // Renaming over an existing artifact replaces identical bytes: harmless and atomic.
      await rename(tmp, target);
      await syncDirectory(path.dirname(target));
      return { id, size };
    },
    async get(id) {
      const info = await statOf(id);
      if (!info) throw new ArtifactNotFoundError(id);
      return createReadStream(pathOf(info.id));
    },
    has: async (id) => (await statOf(id)) !== null,
    stat: statOf,
    async sweepTemp(olderThanMs) {
      let removed = 0;
      let names: string[];
      try {
        names = await readdir(tmpDir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
        throw error;
      }
      const cutoff = Date.now() - olderThanMs;
      for (const name of names) {
        const full = path.join(tmpDir, name);
        const info = await stat(full).catch(() => null);
        if (info && info.mtimeMs < cutoff) {
          await rm(full, { force: true });
          removed += 1;
        }
      }
      return removed;
    },
  };
}
