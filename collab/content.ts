import * as Y from "yjs";
import {
  cellIds,
  cellSource,
  cellsOf,
  deleteCell,
  insertCell,
  metaOf,
  moveCell,
  readCells,
  setCellKind,
  type CellSnapshot,
} from "./doc";

/**
 * A notebook's content as plain values, and the one way to make a live
 * document equal to such content as an ordinary edit (restore, import).
 */

/** A cell with its execution count (kept in the cell's `execution` map). */
export interface CellContent extends CellSnapshot {
  executionCount: number | null;
}

export interface NotebookContent {
  cells: CellContent[];
  /** Notebook-level metadata (e.g. from an .ipynb), kept as data. */
  metadata: Record<string, unknown>;
}

const EXECUTION_COUNT = "executionCount";
const NOTEBOOK_METADATA = "notebookMetadata";

function executionOf(doc: Y.Doc, id: string): Y.Map<unknown> | undefined {
  const execution = cellsOf(doc).get(id)?.get("execution");
  return execution instanceof Y.Map ? execution : undefined;
}

/**
 * Reads the visible cells and notebook metadata.
 *
 * @example
 * const { cells } = readContent(doc); // cells[0].source, cells[0].executionCount
 */
export function readContent(doc: Y.Doc): NotebookContent {
  const cells = readCells(doc).map((cell) => {
    const count = executionOf(doc, cell.id)?.get(EXECUTION_COUNT);
    return { ...cell, executionCount: typeof count === "number" ? count : null };
  });
  const metadata = metaOf(doc).get(NOTEBOOK_METADATA);
  return { cells, metadata: isRecord(metadata) ? metadata : {} };
}

/**
 * Decodes a stored document state (a Yjs update) into content.
 *
 * @example
 * const content = decodeContent(await collab.readDocument(notebookId));
 */
export function decodeContent(state: Uint8Array): NotebookContent {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return readContent(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * Makes the document's visible cells equal `target` (ids, order, kinds,
 * sources, metadata, outputs, execution counts) with the fewest changes:
 * cells not in `target` are deleted, missing ones inserted under their id,
 * kept cells are edited in place and only cells out of order are moved.
 * Deleted cells stay deleted for every replica: edits racing this one
 * land in the deleted cell and vanish.
 *
 * @example
 * await collab.editDocument(notebookId, (doc) => writeCells(doc, version.cells));
 */
export function writeCells(doc: Y.Doc, target: CellContent[]): void {
  doc.transact(() => {
    const targetIndex = new Map(target.map((cell, index) => [cell.id, index]));
    for (const id of cellIds(doc)) if (!targetIndex.has(id)) deleteCell(doc, id);
    const present = cellIds(doc);
    const presentSet = new Set(present);
    for (const cell of target) if (presentSet.has(cell.id)) updateCell(doc, cell);

    // Cells on the longest run already in target order stay where they are;
    // the rest go to the end first, then into place one by one, so that
    // before step i the visible prefix is exactly target[0..i-1].
    const staying = longestOrderedRun(present.map((id) => targetIndex.get(id)!));
    const stays = new Set(staying.map((position) => present[position]!));
    for (const id of present) if (!stays.has(id)) moveCell(doc, id, Number.MAX_SAFE_INTEGER);
    target.forEach((cell, index) => {
      if (stays.has(cell.id)) return;
      if (presentSet.has(cell.id)) moveCell(doc, cell.id, index);
      else {
        insertCell(doc, index, { id: cell.id, kind: cell.kind, source: cell.source, metadata: cell.metadata });
        updateCell(doc, cell);
      }
    });
  });
}

/** Replaces the notebook-level metadata. */
export function writeNotebookMetadata(doc: Y.Doc, metadata: Record<string, unknown>): void {
  if (sameJson(metaOf(doc).get(NOTEBOOK_METADATA) ?? {}, metadata)) return;
  metaOf(doc).set(NOTEBOOK_METADATA, metadata);
}

function updateCell(doc: Y.Doc, target: CellContent): void {
  const cell = cellsOf(doc).get(target.id)!;
  if (cell.get("kind") !== target.kind) setCellKind(doc, target.id, target.kind);

  const source = cellSource(doc, target.id);
  if (source) replaceText(source, target.source);
  else cell.set("source", new Y.Text(target.source));

  const metadata = childMap(cell, "metadata");
  for (const key of [...metadata.keys()]) if (!(key in target.metadata)) metadata.delete(key);
  for (const [key, value] of Object.entries(target.metadata)) {
    if (!sameJson(toPlain(metadata.get(key)), value)) metadata.set(key, value);
  }

  // Outputs are plain JSON values, which is what Yjs stores as content.
  const outputs = target.outputs as Array<Record<string, unknown>>;
  const current = cell.get("outputs");
  if (!(current instanceof Y.Array)) cell.set("outputs", Y.Array.from(outputs));
  else if (!sameJson(current.toJSON(), outputs)) {
    current.delete(0, current.length);
    current.push(outputs);
  }

  const execution = childMap(cell, "execution");
  if (target.executionCount === null) {
    if (execution.has(EXECUTION_COUNT)) execution.delete(EXECUTION_COUNT);
  } else if (execution.get(EXECUTION_COUNT) !== target.executionCount) {
    execution.set(EXECUTION_COUNT, target.executionCount);
  }
}

function childMap(cell: Y.Map<unknown>, key: string): Y.Map<unknown> {
  const child = cell.get(key);
  if (child instanceof Y.Map) return child;
  const created = new Y.Map<unknown>();
  cell.set(key, created);
  return created;
}

/** Rewrites only the span between the common prefix and suffix, so cursors and concurrent edits elsewhere survive. */
function replaceText(text: Y.Text, next: string): void {
  const current = text.toString();
  if (current === next) return;
  let start = 0;
  const shortest = Math.min(current.length, next.length);
  while (start < shortest && current.charCodeAt(start) === next.charCodeAt(start)) start++;
  let end = 0;
  while (
    end < shortest - start &&
    current.charCodeAt(current.length - 1 - end) === next.charCodeAt(next.length - 1 - end)
  ) {
    end++;
  }
  const removed = current.length - start - end;
  if (removed > 0) text.delete(start, removed);
  const inserted = next.slice(start, next.length - end);
  if (inserted) text.insert(start, inserted);
}

/**
 * Positions (into `values`) of a longest strictly increasing subsequence,
 * in O(n log n).
 *
 * @example
 * longestOrderedRun([2, 0, 1, 3]); // [1, 2, 3]
 */
export function longestOrderedRun(values: number[]): number[] {
  const tails: number[] = [];
  const previous: number[] = new Array<number>(values.length).fill(-1);
  values.forEach((value, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]!]! < value) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1]!;
    tails[lo] = i;
  });
  const run: number[] = [];
  for (let i = tails.length > 0 ? tails[tails.length - 1]! : -1; i >= 0; i = previous[i]!) run.push(i);
  return run.reverse();
}

function toPlain(value: unknown): unknown {
  return value instanceof Y.AbstractType ? value.toJSON() : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Equality of JSON values (key order included, which is enough to skip no-op writes). */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
