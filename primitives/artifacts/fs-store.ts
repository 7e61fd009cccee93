import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { chmod, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { syncDirectory, writeStreamToFile } from "../files/stream-file";
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

export function createFileArtifactStore(options: { root: string }): FileArtifactStore {
  const root = path.resolve(options.root);
  const tmpDir = path.join(root, "tmp");
  const pathOf = (id: string) => path.join(root, "sha256", id.slice(0, 2), id);

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
      const { bytes: size, sha256 } = await writeStreamToFile(content, tmp, {
        maxBytes: putOptions.maxBytes,
        tooLarge: (max) => new ArtifactTooLargeError(max),
      });
      const id = parseArtifactId(sha256);
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
