import * as Y from "yjs";
import { cellIds, cellsOf, deleteCell, insertCell, moveCell, orderOf, readCell, setCellKind, type CellKind } from "@/collab/doc";

/**
 * Transaction origins of this browser's own structural edits. Undo managers
 * track these (and the cell bindings), never the provider's origin, so undo
 * only ever reverts what this user did.
 */
export const CELL_EDIT = Symbol("cell-edit");
export const CELL_DELETE = Symbol("cell-delete");

/**
 * Adds an empty cell at a visible index; returns its id.
 *
 * @example
 * const id = addCell(doc, 0, "markdown");
 */
export function addCell(doc: Y.Doc, index: number, kind: CellKind = "code"): string {
  let id = "";
  doc.transact(() => {
    id = insertCell(doc, index, { kind });
  }, CELL_EDIT);
  return id;
}

/**
 * Inserts a copy of a cell (kind, source, metadata) right below it; returns the copy's id.
 *
 * @example
 * duplicateCell(doc, cellId)
 */
export function duplicateCell(doc: Y.Doc, id: string): string | null {
  const cell = readCell(doc, id);
  if (!cell) return null;
  let copy = "";
  doc.transact(() => {
    copy = insertCell(doc, cellIds(doc).indexOf(id) + 1, { kind: cell.kind, source: cell.source, metadata: cell.metadata });
  }, CELL_EDIT);
  return copy;
}

/**
 * Moves a cell up (-1) or down (+1); does nothing at either end.
 *
 * @example
 * shiftCell(doc, cellId, -1)
 */
export function shiftCell(doc: Y.Doc, id: string, delta: -1 | 1): void {
  const ids = cellIds(doc);
  const from = ids.indexOf(id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= ids.length) return;
  // moveCell takes the index the cell ends up at.
  doc.transact(() => moveCell(doc, id, to), CELL_EDIT);
}

/**
 * Changes a cell's kind, keeping its source.
 *
 * @example
 * changeKind(doc, cellId, "markdown")
 */
export function changeKind(doc: Y.Doc, id: string, kind: CellKind): void {
  if (readCell(doc, id)?.kind === kind) return;
  doc.transact(() => setCellKind(doc, id, kind), CELL_EDIT);
}

/**
 * Deletes a cell with the origin that `createDeleteUndo` tracks.
 *
 * @example
 * removeCell(doc, cellId)
 */
export function removeCell(doc: Y.Doc, id: string): void {
  doc.transact(() => deleteCell(doc, id), CELL_DELETE);
}

/**
 * An undo manager for this user's cell deletions only (Jupyter's Z): other
 * people's edits and this user's other edits are not on its stack.
 *
 * @example
 * const undo = createDeleteUndo(doc);
 * removeCell(doc, id);
 * undo.undo(); // the cell is back, with its text
 */
export function createDeleteUndo(doc: Y.Doc): Y.UndoManager {
  return new Y.UndoManager([orderOf(doc), cellsOf(doc)], {
    trackedOrigins: new Set([CELL_DELETE]),
    // Two quick deletes are two steps, not one.
    captureTimeout: 0,
  });
}
