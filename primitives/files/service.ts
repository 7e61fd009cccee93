import type { Principal } from "../../auth/principal";
import type { NotebookAction } from "../../protocol/permissions";
import { AppError } from "../../protocol/errors";
import { parseFileName, type NotebookFile, type NotebookFiles } from "./notebook-files";
import type { ByteSource } from "./stream-file";

/**
 * The HTTP side of notebook files: who may list (readers), upload and
 * delete (editors), checked before a byte of the body is read.
 */
export interface NotebookFilesService {
  store: NotebookFiles;
  list(principal: Principal, notebookId: string): Promise<NotebookFile[]>;
  upload(principal: Principal, notebookId: string, upload: Upload): Promise<NotebookFile>;
  remove(principal: Principal, notebookId: string, name: string): Promise<void>;
}

export interface Upload {
  name: unknown;
  body: ByteSource | null;
  /** The request's Content-Length, when it declared one. */
  declaredBytes: number | null;
  replace: boolean;
  signal?: AbortSignal;
}

export function createNotebookFilesService(deps: {
  store: NotebookFiles;
  /** Throws the API's 403/404 when the principal may not do `action`. */
  authorize(principal: Principal, notebookId: string, action: NotebookAction): Promise<unknown>;
}): NotebookFilesService {
  const { store } = deps;
  return {
    store,
    async list(principal, notebookId) {
      await deps.authorize(principal, notebookId, "notebook.read");
      return store.list(notebookId);
    },
    async upload(principal, notebookId, upload) {
      await deps.authorize(principal, notebookId, "notebook.edit");
      const name = parseFileName(upload.name);
      // Refused before reading: a declared size past the limit costs nothing.
      if (upload.declaredBytes !== null && upload.declaredBytes > store.maxBytes) {
        throw new AppError("payload_too_large", `${name} is ${upload.declaredBytes} bytes, over the upload limit of ${store.maxBytes} bytes (TRACEBOOK_UPLOAD_MAX_BYTES)`);
      }
      if (!upload.body || upload.declaredBytes === 0) throw new AppError("invalid_body", `the upload of ${name} is empty`);
      return store.save(notebookId, name, upload.body, {
        replace: upload.replace,
        signal: upload.signal,
        ...(upload.declaredBytes !== null ? { expectedBytes: upload.declaredBytes } : {}),
      });
    },
    async remove(principal, notebookId, name) {
      await deps.authorize(principal, notebookId, "notebook.edit");
      await store.remove(notebookId, name);
    },
  };
}
