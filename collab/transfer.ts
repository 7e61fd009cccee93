import type * as Y from "yjs";
import type { Principal } from "../auth/index";
import type { Database } from "../db/client";
import { deleteNotebook } from "../db/queries/notebooks";
import type { Notebooks } from "../notebooks/index";
import { nameSchema, type NotebookView } from "../protocol/api";
import { AppError } from "../protocol/errors";
import {
  CONTENT_TYPES,
  FILE_EXTENSIONS,
  NOTEBOOK_FORMATS,
  type ImportInput,
  type NotebookFormat,
} from "../protocol/transfer";
import type { VersionView } from "../protocol/versions";
import { decodeContent, writeCells, writeNotebookMetadata, type NotebookContent } from "./content";
import type { Collab } from "./core";
import { FormatError } from "./format";
import { parseIpynb, stringifyIpynb, toIpynb } from "./ipynb";
import { parsePercent, toPercent } from "./percent";
import { requireEditableNotebook, shorten, type Versions } from "./versions";

export interface TransferDeps {
  db: Database;
  collab: Collab;
  notebooks: Notebooks;
  versions: Versions;
}

export interface ExportedFile {
  filename: string;
  contentType: string;
  body: string;
}

const DEFAULT_NAME = "Imported notebook";

/**
 * Notebooks in and out as files (.ipynb and the Jupytext percent format).
 * An import is validated completely before anything is written; writing
 * the cells is an ordinary document edit that live clients see.
 */
export function createTransfer(deps: TransferDeps) {
  return {
    /** The notebook as a file (notebook.read). */
    async exportNotebook(principal: Principal, notebookId: string, format: NotebookFormat): Promise<ExportedFile> {
      const { listing } = await deps.notebooks.access(principal, notebookId, "notebook.read");
      const content = decodeContent(await deps.collab.readDocument(notebookId));
      return {
        filename: `${fileBaseName(listing.notebook.name)}${FILE_EXTENSIONS[format]}`,
        contentType: CONTENT_TYPES[format],
        body: format === "ipynb" ? stringifyIpynb(toIpynb(content)) : toPercent(content),
      };
    },

    /** Creates a new notebook owned by the caller with the file's cells. */
    async importNew(principal: Principal, input: ImportInput): Promise<NotebookView> {
      const file = parseImport(input);
      const name = input.name ?? nameFromFile(input.filename) ?? DEFAULT_NAME;
      const notebook = await deps.notebooks.create(principal, name);
      try {
        await deps.collab.editDocument(notebook.id, (doc) => writeFile(doc, file));
      } catch (error) {
        // All or nothing: a notebook whose cells could not be written is removed again.
        await deleteNotebook(deps.db, notebook.id).catch((cleanup: unknown) =>
          console.error(`[import] could not remove the half-imported notebook ${notebook.id}:`, cleanup),
        );
        throw error;
      }
      return notebook;
    },

    /**
     * Replaces an existing notebook's cells with the file's, as a new edit
     * (notebook.edit), after an automatic version of the cells before.
     */
    async importInto(
      principal: Principal,
      notebookId: string,
      input: ImportInput,
    ): Promise<{ backup: VersionView; cells: number }> {
      await requireEditableNotebook(deps.notebooks, principal, notebookId);
      const file = parseImport(input);
      const label = input.filename ?? `${file.format} file`;
      const backup = await deps.versions.rewriteWithBackup(
        notebookId,
        principal.user.id,
        `Before importing “${shorten(label, 80)}”`,
        (doc) => writeFile(doc, file),
      );
      return { backup, cells: file.content.cells.length };
    },
  };
}

interface ParsedFile {
  format: NotebookFormat;
  content: NotebookContent;
}

function writeFile(doc: Y.Doc, file: ParsedFile): void {
  doc.transact(() => {
    writeCells(doc, file.content.cells);
    // Percent files carry no notebook metadata; the notebook keeps its own.
    if (file.format === "ipynb") writeNotebookMetadata(doc, file.content.metadata);
  });
}

/** Picks the format and converts, or fails with a 400 naming what is wrong. */
function parseImport(input: ImportInput): ParsedFile {
  const format = input.format ?? formatFromFilename(input.filename) ?? (typeof input.content === "object" ? "ipynb" : null);
  if (!format) {
    throw new AppError(
      "invalid_body",
      `give "format" ("${NOTEBOOK_FORMATS.join('" or "')}"), or a file name ending in .ipynb or .ts`,
    );
  }
  if (format === "percent" && typeof input.content !== "string") {
    throw new AppError("invalid_body", "content: a percent-format file is text, not an object");
  }
  try {
    return { format, content: format === "ipynb" ? parseIpynb(input.content) : parsePercent(input.content as string) };
  } catch (error) {
    if (error instanceof FormatError) {
      throw new AppError("invalid_body", `${input.filename ? `${input.filename}: ` : ""}${error.message}`);
    }
    throw error;
  }
}

function formatFromFilename(filename: string | undefined): NotebookFormat | null {
  if (!filename) return null;
  const lower = filename.toLowerCase();
  return NOTEBOOK_FORMATS.find((format) => lower.endsWith(FILE_EXTENSIONS[format])) ?? null;
}

/** A notebook name from a file name: no folder, no extension, only the characters names allow. */
function nameFromFile(filename: string | undefined): string | null {
  if (!filename) return null;
  const base = filename.split(/[\\/]/).pop()!.replace(/\.(ipynb|pct\.ts|ts)$/i, "");
  const cleaned = [...base]
    .map((ch) => (/\s/.test(ch) ? " " : nameSchema.safeParse(ch).success ? ch : "-"))
    .join("")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 120);
  const parsed = nameSchema.safeParse(cleaned);
  return parsed.success ? parsed.data : null;
}

/** A file name from a notebook name: path separators and control characters replaced. */
function fileBaseName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\p{Cc}]/gu, "-").trim();
  return cleaned || "notebook";
}

export type Transfer = ReturnType<typeof createTransfer>;
