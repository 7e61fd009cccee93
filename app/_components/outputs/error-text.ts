import type { CellError } from "@/protocol/outputs";
import { assertNever } from "./exhaustive";
import { formatDuration } from "./units";

export interface ErrorText {
  /** One line: what went wrong. */
  title: string;
  /** More about it, when there is more. */
  detail: string | null;
  /** The cells the error is about (a cycle, a name defined twice), to link to. */
  cells: string[];
}

/** Names a cell for people: "Cell 3". */
export type CellLabeler = (cellId: string) => string;

function listCells(cells: string[], labelOf: CellLabeler, separator: string): string {
  return cells.map(labelOf).join(separator);
}

/**
 * What a cell error says, by kind. An internal error says only its id: the
 * details stay in the server's log.
 *
 * @example
 * describeCellError({ kind: "timeout", message: "…", limitMs: 60_000 }, label).title // "Timed out after 1 min"
 */
export function describeCellError(error: CellError, labelOf: CellLabeler): ErrorText {
  switch (error.kind) {
    case "exception":
      return { title: error.message ? `${error.name}: ${error.message}` : error.name, detail: null, cells: [] };
    case "timeout":
      return { title: `Timed out after ${formatDuration(error.limitMs)}`, detail: error.message || null, cells: [] };
    case "interrupted":
      return { title: "Interrupted", detail: error.message || null, cells: [] };
    case "memory":
      return { title: `Out of memory (limit ${error.limitMb} MB)`, detail: error.message || null, cells: [] };
    case "cycle": {
      const names = error.names.length > 0 ? ` through ${error.names.join(", ")}` : "";
      const loop = error.cells.length > 0 ? `${listCells(error.cells, labelOf, " → ")} → ${labelOf(error.cells[0]!)}` : "";
      return { title: `Circular dependency${names}`, detail: [loop, error.message].filter(Boolean).join("\n") || null, cells: error.cells };
    }
    case "multiple-defs":
      return {
        title: `"${error.name}" is defined in ${error.cells.length} cells: ${listCells(error.cells, labelOf, ", ")}`,
        detail: error.message || null,
        cells: error.cells,
      };
    case "internal":
      return { title: `Internal error (id ${error.errorId})`, detail: null, cells: [] };
    default:
      return assertNever(error, "cell error");
  }
}
