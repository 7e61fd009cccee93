import { FILE_HEADERS_ONLY, formatPatch, structuredPatch, type StructuredPatch } from "diff";
import type { CellChange, CellDiffView, DiffSummary } from "../protocol/versions";
import { longestOrderedRun, sameJson, type CellContent } from "./content";

/**
 * A cell-by-cell diff of two versions of a notebook. Cells are matched by
 * id, never by position, so a moved cell is "moved", not removed and added.
 * A cell is "moved" when it is not on the longest run of common cells that
 * kept their relative order (the fewest moves that explain the new order).
 *
 * @example
 * const { cells, summary } = diffCells(version.cells, current.cells);
 * summary.modified; // cells whose source changed
 */
export function diffCells(from: CellContent[], to: CellContent[]): { cells: CellDiffView[]; summary: DiffSummary } {
  const fromById = new Map(from.map((cell, index) => [cell.id, { cell, index }]));
  const toById = new Map(to.map((cell, index) => [cell.id, { cell, index }]));

  const common = to.filter((cell) => fromById.has(cell.id));
  const inOrder = new Set(
    longestOrderedRun(common.map((cell) => fromById.get(cell.id)!.index)).map((position) => common[position]!.id),
  );

  const entries: CellDiffView[] = to.map((cell, index) => {
    const before = fromById.get(cell.id);
    if (!before) return added(cell, index);
    return compared(before.cell, before.index, cell, index, !inOrder.has(cell.id));
  });

  // Each removed cell goes right after the nearest earlier cell of `from` that is still there.
  const result: CellDiffView[] = [];
  const removedAfter = new Map<string | null, CellDiffView[]>();
  let anchor: string | null = null;
  from.forEach((cell, index) => {
    if (toById.has(cell.id)) {
      anchor = cell.id;
      return;
    }
    const list = removedAfter.get(anchor) ?? [];
    list.push(removed(cell, index));
    removedAfter.set(anchor, list);
  });
  result.push(...(removedAfter.get(null) ?? []));
  for (const entry of entries) {
    result.push(entry);
    result.push(...(removedAfter.get(entry.cellId) ?? []));
  }
  return { cells: result, summary: summarize(result) };
}

function added(cell: CellContent, index: number): CellDiffView {
  return {
    cellId: cell.id,
    status: "added",
    changes: [],
    kind: { from: null, to: cell.kind },
    index: { from: null, to: index },
    patch: sourcePatch(cell.id, "", cell.source),
  };
}

function removed(cell: CellContent, index: number): CellDiffView {
  return {
    cellId: cell.id,
    status: "removed",
    changes: [],
    kind: { from: cell.kind, to: null },
    index: { from: index, to: null },
    patch: sourcePatch(cell.id, cell.source, ""),
  };
}

function compared(a: CellContent, fromIndex: number, b: CellContent, toIndex: number, moved: boolean): CellDiffView {
  const changes: CellChange[] = [];
  if (a.source !== b.source) changes.push("modified");
  if (moved) changes.push("moved");
  if (a.kind !== b.kind) changes.push("kind-changed");
  if (!sameJson(a.metadata, b.metadata)) changes.push("metadata-changed");
  if (!sameJson(a.outputs, b.outputs) || a.executionCount !== b.executionCount) changes.push("outputs-changed");
  return {
    cellId: b.id,
    status: changes.length > 0 ? "changed" : "unchanged",
    changes,
    kind: { from: a.kind, to: b.kind },
    index: { from: fromIndex, to: toIndex },
    patch: a.source !== b.source ? sourcePatch(b.id, a.source, b.source) : null,
  };
}

/**
 * Line diffs cost up to (lines x changed lines); past these bounds a patch
 * is "replace every line", so one request cannot hold the server for long.
 */
const MAX_EDIT_LENGTH = 300;
const MAX_DIFFED_LINES = 100_000;

/**
 * A unified line diff of one cell's source, with three lines of context.
 *
 * @example
 * sourcePatch("c1", "a\nb\n", "a\nB\n"); // "--- a/c1\n+++ b/c1\n@@ -1,2 +1,2 @@\n a\n-b\n+B\n"
 */
export function sourcePatch(cellId: string, before: string, after: string): string {
  const names = [`a/${cellId}`, `b/${cellId}`] as const;
  const small = lineCount(before) + lineCount(after) <= MAX_DIFFED_LINES;
  const patch = small
    ? structuredPatch(names[0], names[1], before, after, undefined, undefined, { context: 3, maxEditLength: MAX_EDIT_LENGTH })
    : undefined;
  return patch ? formatPatch(patch, FILE_HEADERS_ONLY) : replacementPatch(cellId, before, after);
}

/**
 * The patch that removes every old line and adds every new one, in the
 * same format as `sourcePatch`.
 *
 * @example
 * replacementPatch("c1", "a\n", "b\n"); // "--- a/c1\n+++ b/c1\n@@ -1,1 +1,1 @@\n-a\n+b\n"
 */
export function replacementPatch(cellId: string, before: string, after: string): string {
  return formatPatch(replacement(`a/${cellId}`, `b/${cellId}`, before, after), FILE_HEADERS_ONLY);
}

function lineCount(text: string): number {
  let count = 1;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

function replacement(oldFileName: string, newFileName: string, before: string, after: string): StructuredPatch {
  const side = (text: string, sign: "-" | "+") => {
    if (text === "") return [];
    const lines = text.split("\n");
    const complete = lines[lines.length - 1] === "";
    if (complete) lines.pop();
    const marked = lines.map((line) => sign + line);
    return complete ? marked : [...marked, "\\ No newline at end of file"];
  };
  const removed = side(before, "-");
  const added = side(after, "+");
  const count = (lines: string[]) => lines.filter((line) => !line.startsWith("\\")).length;
  const oldLines = count(removed);
  const newLines = count(added);
  return {
    oldFileName,
    newFileName,
    oldHeader: undefined,
    newHeader: undefined,
    // formatPatch prints a start of 1 with no lines as 0, as unified diffs want.
    hunks: [{ oldStart: 1, oldLines, newStart: 1, newLines, lines: [...removed, ...added] }],
  };
}

function summarize(cells: CellDiffView[]): DiffSummary {
  const summary: DiffSummary = { added: 0, removed: 0, modified: 0, moved: 0, kindChanged: 0, unchanged: 0 };
  for (const cell of cells) {
    if (cell.status === "added") summary.added++;
    else if (cell.status === "removed") summary.removed++;
    else if (cell.status === "unchanged") summary.unchanged++;
    if (cell.changes.includes("modified")) summary.modified++;
    if (cell.changes.includes("moved")) summary.moved++;
    if (cell.changes.includes("kind-changed")) summary.kindChanged++;
  }
  return summary;
}
