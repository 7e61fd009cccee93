/**
 * What a cell run leaves in the notebook document: outputs, the tagged error
 * union and the execution state. Plain JSON values only: the kernel writes
 * them into the Y.Doc, every peer reads them, and they persist with it.
 * The UI matches `CellOutput["type"]` and `CellError["kind"]` exhaustively.
 */

/** A position in a cell's own source: 1-based line and column. */
export interface CellLocation {
  cellId: string;
  line: number;
  column: number;
}

/** One frame of a mapped stack: cell frames carry a location, others only text. */
export interface StackFrame {
  text: string;
  location?: CellLocation;
}

/** Defined once; the UI switches over `kind` exhaustively. */
export type CellError =
  | { kind: "exception"; name: string; message: string; location?: CellLocation; stack: StackFrame[] }
  | { kind: "timeout"; message: string; limitMs: number }
  | { kind: "interrupted"; message: string }
  | { kind: "memory"; message: string; limitMb: number }
  | { kind: "cycle"; message: string; cells: string[]; names: string[] }
  | { kind: "multiple-defs"; message: string; name: string; cells: string[] }
  | { kind: "internal"; errorId: string };

export type CellErrorKind = CellError["kind"];

export const CELL_ERROR_KINDS: readonly CellErrorKind[] = [
  "exception",
  "timeout",
  "interrupted",
  "memory",
  "cycle",
  "multiple-defs",
  "internal",
];

/**
 * A preview of a JS value, made inside the sandbox (so no live object ever
 * leaves it), bounded in depth and breadth.
 */
export type ValuePreview =
  | { t: "undefined" }
  | { t: "null" }
  | { t: "boolean"; v: boolean }
  /** Non-finite numbers as their names ("NaN", "Infinity", "-Infinity"). */
  | { t: "number"; v: number | string }
  | { t: "bigint"; v: string }
  | { t: "string"; v: string; truncated?: number }
  | { t: "symbol"; v: string }
  | { t: "function"; name: string }
  | { t: "date"; v: string }
  | { t: "regexp"; v: string }
  | { t: "error"; name: string; message: string }
  | { t: "handle"; kind: string; label: string }
  | { t: "circular" }
  /** `more` counts the items or entries left out. */
  | { t: "array"; length: number; items: ValuePreview[]; more: number }
  | { t: "map"; size: number; entries: Array<[ValuePreview, ValuePreview]>; more: number }
  | { t: "set"; size: number; items: ValuePreview[]; more: number }
  | { t: "object"; ctor: string | null; entries: Array<[string, ValuePreview]>; more: number };

/** A table cell: scalars as-is, anything else as its preview. */
export type TableValue = string | number | boolean | null | ValuePreview;

export type CellOutput =
  /** Consecutive writes to one stream are merged into one output. */
  | { type: "stream"; name: "stdout" | "stderr"; text: string }
  /** The value of the cell's last expression. */
  | { type: "value"; value: ValuePreview }
  /** Rows are kept up to a limit; `total` is the row count before it. */
  | { type: "table"; columns: string[]; rows: TableValue[][]; total: number; pageSize: number; caption?: string }
  /**
   * A Vega-Lite specification, rendered with vega-embed. With an `id` it is
   * updated in place like a progress bar (live training curves).
   */
  | { type: "chart"; spec: Record<string, unknown>; id?: string }
  | { type: "markdown"; text: string }
  /** Sanitized again when rendered. */
  | { type: "html"; html: string }
  /** Updated in place: the kernel replaces the output with the same `id`. */
  | { type: "progress"; id: string; label: string; value: number; total: number | null; done: boolean }
  | { type: "error"; error: CellError }
  /** Written where outputs were cut at the size limit. */
  | { type: "truncated"; omittedOutputs: number; omittedBytes: number; limitBytes: number };

export type CellOutputType = CellOutput["type"];

/**
 * What identifies an output that is updated in place (a progress bar, a chart
 * with an id): a later output with the same key replaces it. Null for the rest.
 * @example
 * updateKey({ type: "chart", id: "curves-1", spec }); // "chart:curves-1"
 */
export function updateKey(output: CellOutput): string | null {
  if (output.type === "progress") return `progress:${output.id}`;
  if (output.type === "chart" && output.id !== undefined) return `chart:${output.id}`;
  return null;
}

export type ExecutionStatus = "idle" | "queued" | "running" | "done" | "error";

/**
 * A cell's execution map in the document (`cell.execution`), written only by
 * the server. `stale` is true when an input changed since the last run (lazy
 * mode, or a deleted definition) and the cell has not re-run.
 */
export interface ExecutionState {
  status: ExecutionStatus;
  stale: boolean;
  /** Kernel-wide count, as Jupyter's `In [n]`. */
  count: number | null;
  runBy: { id: string; name: string } | null;
  /** Epoch milliseconds. */
  startedAt: number | null;
  durationMs: number | null;
  /** The run request this execution belongs to. */
  runId: string | null;
}

export const IDLE_EXECUTION: ExecutionState = {
  status: "idle",
  stale: false,
  count: null,
  runBy: null,
  startedAt: null,
  durationMs: null,
  runId: null,
};

/** The notebook setting (document meta `runMode`). */
export type RunMode = "autorun" | "lazy";
