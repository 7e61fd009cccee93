import { AppError } from "@/protocol/errors";
import { IMPORT_MAX_BYTES, importBody, type ImportInput } from "@/protocol/transfer";
import { readBody, readLimitedBytes, validateBody } from "./body";

/**
 * Reads an import: JSON `{ name?, format?, filename?, content }`, or a
 * multipart form with a `file` field (and optional `name`, `format`).
 * Bodies over IMPORT_MAX_BYTES get 413 before they are parsed.
 *
 * @example
 * const input = await readImport(request); // then services.transfer.importNew(principal, input)
 */
export async function readImport(request: Request): Promise<ImportInput> {
  const type = request.headers.get("content-type") ?? "";
  if (/^application\/json\b/i.test(type)) return readBody(request, importBody, IMPORT_MAX_BYTES);
  if (!/^multipart\/form-data\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "send the file as multipart/form-data (field \"file\") or as application/json");
  }
  const bytes = await readLimitedBytes(request, IMPORT_MAX_BYTES);
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(bytes), { headers: { "content-type": type } }).formData();
  } catch {
    throw new AppError("invalid_body", "the multipart body could not be read");
  }
  const file = form.get("file");
  if (!(file instanceof Blob)) throw new AppError("invalid_body", 'file: is required (a multipart field named "file")');
  const text = (field: string) => {
    const value = form.get(field);
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  return validateBody(importBody, {
    name: text("name"),
    format: text("format"),
    filename: text("filename") ?? (file instanceof File && file.name ? file.name : undefined),
    content: await file.text(),
  });
}

/**
 * A Content-Disposition that downloads as `filename`: an ASCII fallback
 * plus the exact UTF-8 name (RFC 6266 / 5987).
 *
 * @example
 * attachment("Résumé.ipynb"); // 'attachment; filename="R-sum-.ipynb"; filename*=UTF-8\'\'R%C3%A9sum%C3%A9.ipynb'
 */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "-");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
