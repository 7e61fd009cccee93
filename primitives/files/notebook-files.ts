import { randomUUID } from "node:crypto";
import { link, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../../protocol/errors";
import type { NotebookFileView } from "../../protocol/files";
import { syncDirectory, writeStreamToFile, type ByteSource } from "./stream-file";

/**
 * Files uploaded to a notebook, kept under `<root>/<notebookId>/<name>`
 * (`root` is `<dataDir>/files`). An upload streams into `<root>/.tmp/`, is
 * synced, and only then takes its name, so a reader (a kernel loading it)
 * never sees half a file, and an interrupted or oversized upload leaves
 * nothing. Names are single path segments checked here: no traversal.
 */
export type NotebookFile = NotebookFileView;

export interface NotebookFiles {
  /** The largest file accepted, in bytes. */
  readonly maxBytes: number;
  /**
   * Streams a file in; `replace` overwrites a file of that name, otherwise it
   * is a 409. With `expectedBytes` (a declared Content-Length), a source that
   * ends early is an incomplete upload and nothing is kept.
   */
  save(notebookId: string, name: string, source: ByteSource, options?: { replace?: boolean; signal?: AbortSignal; expectedBytes?: number }): Promise<NotebookFile>;
  /** The notebook's files, by name. */
  list(notebookId: string): Promise<NotebookFile[]>;
  /** The absolute path of one file; a 404 that names the files there are. */
  resolve(notebookId: string, name: string): Promise<{ path: string; file: NotebookFile }>;
  remove(notebookId: string, name: string): Promise<void>;
  /** Removes every file of a notebook (it was deleted for good). */
  removeAll(notebookId: string): Promise<void>;
  /** Removes temp files older than `olderThanMs` that crashed uploads left behind. */
  sweepTemp(olderThanMs: number): Promise<number>;
}

const NOTEBOOK_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_NAME_BYTES = 255;

/**
 * A file name that is one safe path segment, or a 400 saying what is wrong.
 * @example
 * parseFileName("sales 2024.csv"); // "sales 2024.csv"
 * parseFileName("../etc/passwd");  // throws AppError invalid_body
 */
export function parseFileName(raw: unknown): string {
  if (typeof raw !== "string" || raw.length === 0) throw new AppError("invalid_body", "name: a file name is required");
  const problem =
    Buffer.byteLength(raw, "utf8") > MAX_NAME_BYTES ? `is longer than ${MAX_NAME_BYTES} bytes`
    : /[/\\]/.test(raw) ? "may not contain / or \\"
    : /[\u0000-\u001f\u007f]/.test(raw) ? "may not contain control characters"
    : raw.startsWith(".") ? "may not start with a dot"
    : raw.trim() !== raw ? "may not start or end with spaces"
    : null;
  if (problem) throw new AppError("invalid_body", `name: ${JSON.stringify(raw.slice(0, 80))} ${problem}`);
  return raw;
}

export function createNotebookFiles(options: { root: string; maxBytes: number }): NotebookFiles {
  const root = path.resolve(options.root);
  const tmpDir = path.join(root, ".tmp");
  const { maxBytes } = options;

  function dirOf(notebookId: string): string {
    // Route handlers and the kernel manager pass checked ids; this is the last guard before a path.
    if (!NOTEBOOK_ID.test(notebookId)) throw new AppError("invalid_id", `"${notebookId.slice(0, 64)}" is not a notebook id`);
    return path.join(root, notebookId);
  }

  async function list(notebookId: string): Promise<NotebookFile[]> {
    const dir = dirOf(notebookId);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const files: NotebookFile[] = [];
    for (const name of names.sort()) {
      const info = await stat(path.join(dir, name)).catch(() => null);
      if (info?.isFile()) files.push({ name, bytes: info.size, uploadedAt: info.mtime.toISOString() });
    }
    return files;
  }

  function tooLarge(name: string) {
    return () => new AppError("payload_too_large", `${name} is larger than the upload limit of ${maxBytes} bytes (TRACEBOOK_UPLOAD_MAX_BYTES)`);
  }

  return {
    maxBytes,
    async save(notebookId, rawName, source, saveOptions = {}) {
      const name = parseFileName(rawName);
      const dir = dirOf(notebookId);
      await mkdir(tmpDir, { recursive: true });
      await mkdir(dir, { recursive: true });
      const tmp = path.join(tmpDir, `${randomUUID()}.part`);
      const { bytes } = await writeStreamToFile(source, tmp, { maxBytes, tooLarge: tooLarge(name), signal: saveOptions.signal });
      const target = path.join(dir, name);
      try {
        if (saveOptions.expectedBytes !== undefined && bytes !== saveOptions.expectedBytes) {
          throw new AppError("invalid_body", `the upload of ${name} ended after ${bytes} of ${saveOptions.expectedBytes} bytes; nothing was stored`);
        }
        if (saveOptions.replace) {
          await rename(tmp, target);
        } else {
          // link() fails if the name is taken, atomically: two uploads of one name cannot both win.
          await link(tmp, target).catch((error: NodeJS.ErrnoException) => {
            if (error.code === "EEXIST") throw new AppError("conflict", `${name} already exists in this notebook; upload with replace=true to overwrite it`);
            throw error;
          });
          await rm(tmp, { force: true });
        }
      } catch (error) {
        await rm(tmp, { force: true });
        throw error;
      }
      await syncDirectory(dir);
      const info = await stat(target);
      return { name, bytes, uploadedAt: info.mtime.toISOString() };
    },
    list,
    async resolve(notebookId, rawName) {
      const name = parseFileName(rawName);
      const full = path.join(dirOf(notebookId), name);
      const info = await stat(full).catch(() => null);
      if (!info?.isFile()) {
        const names = (await list(notebookId)).map((f) => f.name);
        const known = names.length > 0 ? `uploaded files: ${names.join(", ")}` : "no file is uploaded to this notebook yet";
        throw new AppError("not_found", `no file named ${JSON.stringify(name)} in this notebook (${known})`);
      }
      return { path: full, file: { name, bytes: info.size, uploadedAt: info.mtime.toISOString() } };
    },
    async remove(notebookId, rawName) {
      const name = parseFileName(rawName);
      const full = path.join(dirOf(notebookId), name);
      try {
        await rm(full);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new AppError("not_found", `no file named ${JSON.stringify(name)} in this notebook`);
        throw error;
      }
    },
    async removeAll(notebookId) {
      await rm(dirOf(notebookId), { recursive: true, force: true });
    },
    async sweepTemp(olderThanMs) {
      const names = await readdir(tmpDir).catch(() => [] as string[]);
      const cutoff = Date.now() - olderThanMs;
      let removed = 0;
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
