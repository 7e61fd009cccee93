import type { NotebookFileView } from "@/protocol/files";
import { api } from "./api";

/** The browser's calls to a notebook's uploaded files (cells read them with `data.load(name)`). */

const filesPath = (notebookId: string) => `/api/notebooks/${encodeURIComponent(notebookId)}/files`;

/**
 * The notebook's files, by name.
 *
 * @example
 * const files = await listFiles(notebookId);
 */
export async function listFiles(notebookId: string): Promise<NotebookFileView[]> {
  return (await api<{ files: NotebookFileView[] }>("GET", filesPath(notebookId))).files;
}

/**
 * Uploads a file under its own name (editors); `replace` overwrites a file of that name.
 *
 * @example
 * const file = await uploadFile(notebookId, input.files[0]);
 */
export async function uploadFile(notebookId: string, file: File, replace = false): Promise<NotebookFileView> {
  const query = `?name=${encodeURIComponent(file.name)}${replace ? "&replace=true" : ""}`;
  return (await api<{ file: NotebookFileView }>("POST", `${filesPath(notebookId)}${query}`, { file })).file;
}

/**
 * Deletes an uploaded file (editors).
 *
 * @example
 * await deleteFile(notebookId, "sales.csv");
 */
export async function deleteFile(notebookId: string, name: string): Promise<void> {
  await api("DELETE", `${filesPath(notebookId)}/${encodeURIComponent(name)}`);
}

/**
 * A byte count for people: "512 B", "1.5 KB", "3.2 MB".
 *
 * @example
 * formatBytes(1536); // "1.5 KB"
 */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
