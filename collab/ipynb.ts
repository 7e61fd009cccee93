import type { z } from "zod";
import type { CellContent, NotebookContent } from "./content";
import { newCellId } from "./doc";
import { FormatError, joinFileMetadata, splitFileMetadata } from "./format";
import { CELL_ID_PATTERN, notebook, output, type Ipynb, type IpynbCell, type Output } from "./nbformat";

/**
 * Jupyter `.ipynb` (nbformat 4.0 to 4.5) to and from notebook content.
 * Pure: no I/O. Outputs and metadata are kept as data, verbatim. Raw cells
 * become markdown cells marked raw (see format.ts) and export as raw again.
 */

/** Kernel metadata written on export: Tracebook notebooks are TypeScript. */
export const TYPESCRIPT_METADATA = {
  kernelspec: { name: "tracebook-typescript", display_name: "TypeScript (Tracebook)", language: "typescript" },
  language_info: {
    name: "typescript",
    file_extension: ".ts",
    mimetype: "text/typescript",
    codemirror_mode: { name: "javascript", typescript: true },
  },
} as const;

const MAX_REPORTED_PROBLEMS = 5;

/**
 * Validates and converts an .ipynb file (its text or parsed JSON).
 * Throws a FormatError naming every problem found (the first few).
 *
 * @example
 * const { cells, metadata } = parseIpynb(await file.text());
 */
export function parseIpynb(input: string | unknown): NotebookContent {
  const value = typeof input === "string" ? parseJson(input) : input;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new FormatError("not a notebook: an .ipynb file is a JSON object");
  }
  const version = (value as { nbformat?: unknown }).nbformat;
  if (typeof version === "number" && version !== 4) {
    throw new FormatError(
      `nbformat ${version} is not supported, only nbformat 4 (4.0 to 4.5); ` +
        `convert it with "jupyter nbconvert --to notebook --nbformat 4"`,
    );
  }
  const parsed = notebook.safeParse(value);
  if (!parsed.success) throw new FormatError(`not a valid nbformat 4 notebook: ${describeIssues(parsed.error.issues)}`);
  const nb = parsed.data;
  checkIds(nb);
  return {
    cells: nb.cells.map((cell) => toCellContent(cell)),
    metadata: nb.metadata,
  };
}

/**
 * Writes nbformat 4.5 with cell ids and TypeScript kernel metadata. Stored
 * outputs that are not valid nbformat outputs are left out, so the file
 * always validates.
 *
 * @example
 * const text = stringifyIpynb(toIpynb(readContent(doc)));
 */
export function toIpynb(content: NotebookContent): Ipynb {
  const ids = new Set<string>();
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { ...content.metadata, ...TYPESCRIPT_METADATA },
    cells: content.cells.map((cell) => toIpynbCell(cell, exportId(cell.id, ids))),
  };
}

/** The file text as Jupyter writes it: sorted keys, one-space indent, final newline (stable diffs in git). */
export function stringifyIpynb(nb: Ipynb): string {
  return `${JSON.stringify(nb, sortKeys, 1)}\n`;
}

function sortKeys(_key: string, value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new FormatError(`not a notebook: the file is not valid JSON (${(error as Error).message})`);
  }
}

/** `cells[2].outputs[0].output_type: must be ...`, for the first few problems. */
function describeIssues(issues: z.core.$ZodIssue[]): string {
  const lines = issues.slice(0, MAX_REPORTED_PROBLEMS).map((issue) => {
    const where = formatPath(issue.path);
    const message = issue.code === "unrecognized_keys" ? `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}` : issue.message;
    return where ? `${where}: ${message}` : message;
  });
  const more = issues.length - lines.length;
  return lines.join("; ") + (more > 0 ? `; and ${more} more problem(s)` : "");
}

function formatPath(path: PropertyKey[]): string {
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`)).join("");
}

/** nbformat 4.5 requires ids; every version requires them unique. */
function checkIds(nb: Ipynb): void {
  const seen = new Map<string, number>();
  const problems: string[] = [];
  nb.cells.forEach((cell, index) => {
    if (cell.id === undefined) {
      if (nb.nbformat_minor >= 5) problems.push(`cells[${index}].id: is required in nbformat 4.5 and later`);
      return;
    }
    const first = seen.get(cell.id);
    if (first !== undefined) problems.push(`cells[${index}].id: "${cell.id}" is also the id of cells[${first}]; ids must be unique`);
    else seen.set(cell.id, index);
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_REPORTED_PROBLEMS).join("; ");
    const more = problems.length - MAX_REPORTED_PROBLEMS;
    throw new FormatError(`not a valid nbformat 4 notebook: ${shown}${more > 0 ? `; and ${more} more problem(s)` : ""}`);
  }
}

function joinSource(source: string | string[]): string {
  return typeof source === "string" ? source : source.join("");
}

/** nbformat's line list: every line keeps its newline, the last one may lack it. */
function splitSource(source: string): string[] {
  return source.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function toCellContent(cell: IpynbCell): CellContent {
  const base = { id: cell.id ?? newCellId(), source: joinSource(cell.source) };
  switch (cell.cell_type) {
    case "code":
      return { ...base, kind: "code", metadata: cell.metadata, outputs: cell.outputs, executionCount: cell.execution_count };
    case "markdown":
    case "raw":
      return {
        ...base,
        kind: "markdown",
        metadata: joinFileMetadata(cell.metadata, { raw: cell.cell_type === "raw", attachments: cell.attachments }),
        outputs: [],
        executionCount: null,
      };
  }
}

function toIpynbCell(cell: CellContent, id: string): IpynbCell {
  const { metadata, file } = splitFileMetadata(cell.metadata);
  const source = splitSource(cell.source);
  if (cell.kind === "code") {
    const outputs = cell.outputs.filter((o): o is Output => output.safeParse(o).success);
    return { id, cell_type: "code", metadata, source, outputs, execution_count: cell.executionCount };
  }
  const attachments = file.attachments ? { attachments: file.attachments } : {};
  return { id, cell_type: file.raw ? "raw" : "markdown", metadata, source, ...attachments };
}

/** Our ids are uuids; anything else is made valid and unique for nbformat. */
function exportId(id: string, taken: Set<string>): string {
  const base = CELL_ID_PATTERN.test(id) && id.length <= 64 ? id : id.replace(/[^a-zA-Z0-9-_]/g, "-").slice(0, 64) || "cell";
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base.slice(0, 56)}-${n}`;
  taken.add(candidate);
  return candidate;
}
