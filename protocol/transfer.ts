import { z } from "zod";
import { nameSchema } from "./api";

/** Import and export of notebooks as files: `.ipynb` and the Jupytext percent format. */

export const NOTEBOOK_FORMATS = ["ipynb", "percent"] as const;
export type NotebookFormat = (typeof NOTEBOOK_FORMATS)[number];

export const notebookFormatSchema = z.enum(NOTEBOOK_FORMATS, { error: 'must be "ipynb" or "percent"' });

/** The query of an export. */
export const exportQuery = z.object({ format: notebookFormatSchema.default("ipynb") });

/** Largest accepted import, in bytes (the request body: JSON or multipart). */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * The JSON form of an import. `content` is the file's text, or for ipynb
 * also the parsed notebook object. Without `format`, the file name's
 * extension decides (`.ipynb`, `.ts`).
 */
export const importBody = z.strictObject({
  name: nameSchema.optional(),
  format: notebookFormatSchema.optional(),
  filename: z.string().max(255).optional(),
  content: z.union([z.string(), z.record(z.string(), z.unknown())], {
    error: "must be the file's text (or, for ipynb, the notebook object)",
  }),
});

export type ImportInput = z.infer<typeof importBody>;

export const FILE_EXTENSIONS: Record<NotebookFormat, string> = { ipynb: ".ipynb", percent: ".ts" };
export const CONTENT_TYPES: Record<NotebookFormat, string> = {
  ipynb: "application/x-ipynb+json",
  percent: "text/typescript; charset=utf-8",
};
