import type { CellContent, NotebookContent } from "./content";
import { newCellId } from "./doc";
import { joinFileMetadata, splitFileMetadata } from "./format";

/**
 * The Jupytext percent format for TypeScript, so a notebook can live in git:
 *
 *     // %% Optional title [markdown] key="value" tags=["a"]
 *
 * starts a cell; `[markdown]` (or `[md]`) and `[raw]` mark text cells,
 * whose lines are commented with `// `; a plain `// %%` starts a code cell.
 * The title is the cell's `title` metadata. Cells are separated by one blank
 * line. A Jupytext YAML header (`// ---` ... `// ---`) is skipped on import.
 * A source line that would read as a marker is escaped with one more `// `.
 * Outputs and ids are not part of the format. Pure: no I/O.
 */

const MARKER = /^\/\/ ?%%(\s.*)?$/;
/** Lines that read as a marker once zero or more `// ` are removed: escaped on export. */
const MARKER_LIKE = /^(\/\/ )*\/\/ ?%%(\s.*)?$/;
const KEY = /^[A-Za-z_][\w.-]*$/;
const TITLE = /^[^\s=[\]"]+( [^\s=[\]"]+)*$/;
const TEXT_TYPES: Record<string, "markdown" | "raw"> = { markdown: "markdown", md: "markdown", raw: "raw" };

interface RawCell {
  header: string;
  lines: string[];
}

/**
 * Reads a percent-format script.
 *
 * @example
 * parsePercent('// %% [markdown]\n// # Title\n\n// %%\nconst x = 1;\n').cells.map((c) => c.kind); // ["markdown", "code"]
 */
export function parsePercent(text: string): NotebookContent {
  const lines = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const start = headerEnd(lines);

  const preamble: string[] = [];
  const raw: RawCell[] = [];
  for (const line of lines.slice(start)) {
    const marker = MARKER.exec(line);
    if (marker) raw.push({ header: marker[1] ?? "", lines: [] });
    else (raw[raw.length - 1]?.lines ?? preamble).push(line);
  }
  // Every cell but the last is followed by the one blank separator line.
  for (const cell of raw.slice(0, -1)) if (cell.lines[cell.lines.length - 1] === "") cell.lines.pop();

  const cells: CellContent[] = [];
  while (preamble.length > 0 && preamble[preamble.length - 1]!.trim() === "") preamble.pop();
  if (preamble.some((line) => line.trim() !== "")) cells.push(codeCell(preamble.map(unescapeLine).join("\n"), {}));
  for (const cell of raw) cells.push(toCell(cell));
  return { cells, metadata: {} };
}

/**
 * Writes a percent-format script; `parsePercent` reads back the same cells
 * (kinds, sources and metadata; ids and outputs are not kept).
 *
 * @example
 * toPercent({ cells, metadata: {} }); // "// %% [markdown]\n// # Title\n\n// %%\nconst x = 1;\n"
 */
export function toPercent(content: NotebookContent): string {
  if (content.cells.length === 0) return "";
  return `${content.cells.map(cellText).join("\n\n")}\n`;
}

/** The index of the first line after a leading Jupytext YAML header, or 0. */
function headerEnd(lines: string[]): number {
  if (lines[0]?.trimEnd() !== "// ---") return 0;
  const end = lines.findIndex((line, i) => i > 0 && line.trimEnd() === "// ---");
  return end < 0 ? 0 : end + 1;
}

function unescapeLine(line: string): string {
  return line.startsWith("// ") && MARKER_LIKE.test(line.slice(3)) ? line.slice(3) : line;
}

function escapeLine(line: string): string {
  return MARKER_LIKE.test(line) ? `// ${line}` : line;
}

function uncomment(line: string): string {
  if (line.startsWith("// ")) return line.slice(3);
  if (line.startsWith("//")) return line.slice(2);
  return line;
}

function codeCell(source: string, metadata: Record<string, unknown>): CellContent {
  return { id: newCellId(), kind: "code", source, metadata, outputs: [], executionCount: null };
}

function toCell(cell: RawCell): CellContent {
  const { type, metadata } = parseHeader(cell.header);
  const lines = cell.lines.map(unescapeLine);
  if (type === "code") return codeCell(lines.join("\n"), metadata);
  const { metadata: rest, file } = splitFileMetadata(metadata);
  return {
    ...codeCell(lines.map(uncomment).join("\n"), joinFileMetadata(rest, { ...file, raw: type === "raw" })),
    kind: "markdown",
  };
}

/** `Title words [markdown] key=value ...` into the cell type and metadata. */
function parseHeader(header: string): { type: "code" | "markdown" | "raw"; metadata: Record<string, unknown> } {
  let type: "code" | "markdown" | "raw" = "code";
  const title: string[] = [];
  const options: Record<string, unknown> = {};
  let i = 0;
  while (i < header.length) {
    if (/\s/.test(header[i]!)) {
      i++;
      continue;
    }
    const bracket = /^\[(\w+)\](?=\s|$)/.exec(header.slice(i));
    if (bracket && TEXT_TYPES[bracket[1]!.toLowerCase()] && type === "code") {
      type = TEXT_TYPES[bracket[1]!.toLowerCase()]!;
      i += bracket[0].length;
      continue;
    }
    const key = /^([A-Za-z_][\w.-]*)=/.exec(header.slice(i));
    if (key) {
      const end = valueEnd(header, i + key[0].length);
      options[key[1]!] = parseValue(header.slice(i + key[0].length, end));
      i = end;
      continue;
    }
    const word = /^\S+/.exec(header.slice(i))![0];
    title.push(word);
    i += word.length;
  }
  const metadata = title.length > 0 ? { title: title.join(" "), ...options } : options;
  return { type, metadata };
}

/** Where a `key=value` value ends: a JSON string, array or object, or the next space. */
function valueEnd(text: string, start: number): number {
  if (!/^["[{]/.test(text.slice(start, start + 1))) {
    const space = text.slice(start).search(/\s/);
    return space < 0 ? text.length : start + space;
  }
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') {
        inString = false;
        if (depth === 0) return i + 1;
      }
    } else if (ch === '"') inString = true;
    else if (ch === "[" || ch === "{") depth++;
    else if (ch === "]" || ch === "}") {
      depth--;
      if (depth <= 0) return i + 1;
    } else if (depth === 0 && /\s/.test(ch)) return i;
  }
  return text.length;
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function cellText(cell: CellContent): string {
  const { metadata, file } = splitFileMetadata(cell.metadata);
  const parts = ["// %%"];
  const { title, ...options } = metadata;
  const titleAsWords = typeof title === "string" && TITLE.test(title);
  if (titleAsWords) parts.push(title);
  if (cell.kind === "markdown") parts.push(file.raw ? "[raw]" : "[markdown]");
  const rest = joinFileMetadata(titleAsWords || title === undefined ? options : { title, ...options }, {
    attachments: file.attachments,
  });
  for (const [key, value] of Object.entries(rest)) {
    // A key the format cannot spell is left out; see collab/README.md.
    if (KEY.test(key) && value !== undefined) parts.push(`${key}=${JSON.stringify(value)}`);
  }
  if (cell.source === "") return parts.join(" ");
  const body = cell.source.split("\n").map((line) => (cell.kind === "markdown" ? (line === "" ? "//" : `// ${line}`) : line));
  return [parts.join(" "), ...body.map(escapeLine)].join("\n");
}
