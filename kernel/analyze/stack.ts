import type { CellLocation, StackFrame } from "../../protocol/outputs";
import { type CellSourceMap, findOriginalPosition } from "./sourcemap";

/** An error as it leaves the isolate: plain fields, no prototype. */
export interface RawError {
  name: string;
  message: string;
  stack?: string;
}

export interface MappedError {
  /** The innermost frame inside a cell: where the editor points. */
  location?: CellLocation;
  stack: StackFrame[];
}

export interface MapErrorOptions {
  /** Files whose frames are the kernel's own and are left out of the stack. */
  isInternalFile?: (file: string) => boolean;
}

/**
 * Scripts the kernel compiles into the isolate itself (prelude, bridge) are
 * named with this prefix, so their frames can be told from user frames.
 */
export const INTERNAL_FILE_PREFIX = "tracebook-";

/** Code evaluated without a filename (the runner's glue calls) is named so by isolated-vm. */
const ISOLATE_ANONYMOUS_FILE = "<isolated-vm>";

/** Where isolated-vm appends the host's frames to a stack that crossed into the host. */
const ISOLATE_BOUNDARY = "<isolated-vm boundary>";

const CELL_FILE = /^cell-(.+)\.js$/;
const POSITION = /^(.*):(\d+):(\d+)$/;

export function isInternalFile(file: string): boolean {
  return file.startsWith(INTERNAL_FILE_PREFIX) || file === ISOLATE_ANONYMOUS_FILE;
}

/**
 * Maps a V8 stack (`    at fn (file:line:col)` lines, as isolated-vm 5
 * reports it both inside the isolate and on the host) to cell positions:
 * frames in `cell-<id>.js` point into that cell's source through its source
 * map; kernel frames and the host's frames beyond the isolate boundary are
 * dropped; any other frame is kept as text.
 */
export function mapError(
  raw: RawError,
  maps: ReadonlyMap<string, CellSourceMap>,
  options: MapErrorOptions = {},
): MappedError {
  const internal = options.isInternalFile ?? isInternalFile;
  const stack: StackFrame[] = [];
  for (const line of listFrameLines(raw)) {
    const frame = parseFrame(line);
    if (frame.file === ISOLATE_BOUNDARY) break;
    if (frame.file !== undefined && internal(frame.file)) continue;
    stack.push(mapFrame(frame, maps));
  }
  const location = stack.find((frame) => frame.location)?.location;
  return location ? { location, stack } : { stack };
}

/** The stack's frame lines, without the `Name: message` header (which may span lines). */
function listFrameLines(raw: RawError): string[] {
  if (!raw.stack) return [];
  const header = raw.message ? `${raw.name}: ${raw.message}` : raw.name;
  const body = raw.stack.startsWith(header) ? raw.stack.slice(header.length) : raw.stack;
  return body
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("at "));
}

interface ParsedFrame {
  text: string;
  /** The function part: `boom`, `async run`, `new Foo`; absent for anonymous code. */
  callee?: string;
  file?: string;
  line?: number;
  column?: number;
}

function parseFrame(text: string): ParsedFrame {
  const body = text.slice("at ".length);
  const open = body.lastIndexOf(" (");
  const hasCallee = body.endsWith(")") && open > 0;
  const callee = hasCallee ? body.slice(0, open) : undefined;
  const where = hasCallee ? body.slice(open + 2, -1) : body.startsWith("(") && body.endsWith(")") ? body.slice(1, -1) : body;
  const match = POSITION.exec(where);
  if (!match) return { text, callee, file: where };
  return { text, callee, file: match[1], line: Number(match[2]), column: Number(match[3]) };
}

function mapFrame(frame: ParsedFrame, maps: ReadonlyMap<string, CellSourceMap>): StackFrame {
  const cellId = frame.file === undefined ? undefined : CELL_FILE.exec(frame.file)?.[1];
  const map = cellId === undefined ? undefined : maps.get(cellId);
  if (cellId === undefined || !map || frame.line === undefined || frame.column === undefined) {
    return { text: frame.text };
  }
  const original = findOriginalPosition(map, frame.line, frame.column);
  if (!original) return { text: frame.text };
  const where = `${map.sources[0] ?? cellId}:${original.line}:${original.column}`;
  return {
    text: frame.callee ? `at ${frame.callee} (${where})` : `at ${where}`,
    location: { cellId, line: original.line, column: original.column },
  };
}
