import type { NotebookView } from "@/protocol/api";
import type { NotebookFormat } from "@/protocol/transfer";
import type { VersionView } from "@/protocol/versions";
import { api, apiFile } from "./api";

/** The browser's side of notebook files: import (new or into a notebook) and export downloads. See collab/README.md. */

/** What the file inputs offer: notebooks and TypeScript percent-format files. */
export const IMPORT_ACCEPT = ".ipynb,.ts,application/x-ipynb+json";

/** A file read for an import; the server picks the format from the name. */
async function importBodyOf(file: File): Promise<{ filename: string; content: string }> {
  return { filename: file.name, content: await file.text() };
}

/**
 * Creates a notebook from a .ipynb or percent .ts file; an invalid file is
 * refused with the reason (e.g. "cells[0].source: is required").
 *
 * @example
 * const notebook = await importNotebook(input.files[0]);
 */
export async function importNotebook(file: File): Promise<NotebookView> {
  return (await api<{ notebook: NotebookView }>("POST", "/api/notebooks/import", { body: await importBodyOf(file) })).notebook;
}

/**
 * Replaces a notebook's cells with a file's, as a new edit; the cells before are kept as an automatic version.
 *
 * @example
 * const { backup, cells } = await replaceFromFile(notebookId, file);
 */
export async function replaceFromFile(notebookId: string, file: File): Promise<{ backup: VersionView; cells: number }> {
  return api("POST", `/api/notebooks/${encodeURIComponent(notebookId)}/import`, { body: await importBodyOf(file) });
}

/**
 * The file name a Content-Disposition header gives: the UTF-8 `filename*`
 * when present, else `filename`, else null.
 *
 * @example
 * filenameFromDisposition(`attachment; filename="R-sum-.ipynb"; filename*=UTF-8''R%C3%A9sum%C3%A9.ipynb`) // "Résumé.ipynb"
 */
export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!.trim());
    } catch {
      // A malformed escape: fall back to the plain name.
    }
  }
  const plain = /filename\s*=\s*"((?:[^"\\]|\\.)*)"|filename\s*=\s*([^;\s]+)/i.exec(header);
  if (!plain) return null;
  return plain[1] !== undefined ? plain[1].replace(/\\(.)/g, "$1") : plain[2]!;
}

/**
 * Downloads the notebook as a file through the export route, under the name the server gives.
 *
 * @example
 * await downloadExport(notebookId, "percent"); // saves "My notebook.ts"
 */
export async function downloadExport(notebookId: string, format: NotebookFormat): Promise<void> {
  const { blob, disposition } = await apiFile(`/api/notebooks/${encodeURIComponent(notebookId)}/export?format=${format}`);
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filenameFromDisposition(disposition) ?? `notebook.${format === "ipynb" ? "ipynb" : "ts"}`;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once it started.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
