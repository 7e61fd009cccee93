/**
 * What the file converters (ipynb.ts, percent.ts) share: their error, and
 * how a cell keeps what our model has no place for.
 */

/** The file is not a valid notebook; the message names what is wrong. */
export class FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FormatError";
  }
}

/**
 * Our cells are code or markdown. A raw cell (ipynb, percent `[raw]`) is
 * kept as a markdown cell with this metadata key, so that it exports as raw
 * again; markdown and raw cell attachments are kept under it too.
 */
export const FILE_METADATA_KEY = "tracebook";

export interface FileMetadata {
  raw?: boolean;
  attachments?: Record<string, unknown>;
}

/** The cell metadata without our key, and what our key held. */
export function splitFileMetadata(metadata: Record<string, unknown>): { metadata: Record<string, unknown>; file: FileMetadata } {
  const { [FILE_METADATA_KEY]: held, ...rest } = metadata;
  if (typeof held !== "object" || held === null || Array.isArray(held)) return { metadata, file: {} };
  const file = held as FileMetadata;
  return {
    metadata: rest,
    file: {
      raw: file.raw === true ? true : undefined,
      attachments: typeof file.attachments === "object" && file.attachments !== null ? file.attachments : undefined,
    },
  };
}

/** Cell metadata with `file` stored under our key (left out when empty). */
export function joinFileMetadata(metadata: Record<string, unknown>, file: FileMetadata): Record<string, unknown> {
  const held: FileMetadata = {};
  if (file.raw) held.raw = true;
  if (file.attachments && Object.keys(file.attachments).length > 0) held.attachments = file.attachments;
  return Object.keys(held).length > 0 ? { ...metadata, [FILE_METADATA_KEY]: held } : metadata;
}
