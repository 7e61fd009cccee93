import * as Y from "yjs";
import { cellIds, cellsOf, metaOf } from "../../collab/doc";
import { IDLE_EXECUTION, updateKey, type CellOutput, type ExecutionState, type RunMode } from "../../protocol/outputs";

/**
 * Reads and writes the server-owned parts of a cell (`execution`, `outputs`)
 * and the notebook's run mode, on a Y.Doc. Pure document functions: the
 * session applies them inside `collab.editDocument`.
 */

function cellMap(doc: Y.Doc, cellId: string): Y.Map<unknown> | undefined {
  return cellsOf(doc).get(cellId);
}

/** A cell's child type under `key`, made when an older document lacks it; undefined for a deleted cell. */
function childOf<T extends Y.Map<unknown> | Y.Array<unknown>>(doc: Y.Doc, cellId: string, key: string, make: () => T, is: (v: unknown) => v is T): T | undefined {
  const cell = cellMap(doc, cellId);
  if (!cell) return undefined;
  const existing = cell.get(key);
  if (is(existing)) return existing;
  const made = make();
  cell.set(key, made);
  return made;
}

function executionMap(doc: Y.Doc, cellId: string): Y.Map<unknown> | undefined {
  return childOf(doc, cellId, "execution", () => new Y.Map<unknown>(), (v): v is Y.Map<unknown> => v instanceof Y.Map);
}

export function outputsArray(doc: Y.Doc, cellId: string): Y.Array<unknown> | undefined {
  return childOf(doc, cellId, "outputs", () => new Y.Array<unknown>(), (v): v is Y.Array<unknown> => v instanceof Y.Array);
}

/** Sets some execution fields of a cell; a cell deleted meanwhile is skipped. */
export function patchExecution(doc: Y.Doc, cellId: string, patch: Partial<ExecutionState>): void {
  const execution = executionMap(doc, cellId);
  if (!execution) return;
  for (const [key, value] of Object.entries(patch)) {
    if (execution.get(key) !== value) execution.set(key, value);
  }
}

export function readExecution(doc: Y.Doc, cellId: string): ExecutionState {
  const execution = cellMap(doc, cellId)?.get("execution");
  const raw = execution instanceof Y.Map ? (execution.toJSON() as Partial<ExecutionState>) : {};
  return { ...IDLE_EXECUTION, ...raw };
}

export function replaceOutputs(doc: Y.Doc, cellId: string, outputs: CellOutput[]): void {
  const array = outputsArray(doc, cellId);
  if (!array) return;
  if (array.length > 0) array.delete(0, array.length);
  if (outputs.length > 0) array.insert(0, outputs);
}

/**
 * Adds one output after a cell finished (work it left running printed
 * more): merged into a trailing stream of the same name, or replacing the
 * progress bar (or chart) with its id, like outputs during a run.
 */
export function appendLateOutput(doc: Y.Doc, cellId: string, output: CellOutput): void {
  const array = outputsArray(doc, cellId);
  if (!array) return;
  const items = array.toArray() as CellOutput[];
  const last = items[items.length - 1];
  if (output.type === "stream" && last?.type === "stream" && last.name === output.name) {
    array.delete(items.length - 1, 1);
    array.insert(items.length - 1, [{ ...last, text: last.text + output.text }]);
    return;
  }
  const key = updateKey(output);
  if (key !== null) {
    const index = items.findIndex((o) => updateKey(o) === key);
    if (index >= 0) {
      array.delete(index, 1);
      array.insert(index, [output]);
      return;
    }
  }
  array.push([output]);
}

export function readRunMode(doc: Y.Doc): RunMode {
  return metaOf(doc).get("runMode") === "lazy" ? "lazy" : "autorun";
}

export function writeRunMode(doc: Y.Doc, mode: RunMode): void {
  metaOf(doc).set("runMode", mode);
}

export interface CodeCell {
  id: string;
  source: string;
}

/** The notebook's code cells in visible order. */
export function readCodeCells(doc: Y.Doc): CodeCell[] {
  const cells = cellsOf(doc);
  const result: CodeCell[] = [];
  for (const id of cellIds(doc)) {
    const cell = cells.get(id)!;
    if (cell.get("kind") === "markdown") continue;
    const source = cell.get("source");
    result.push({ id, source: source instanceof Y.Text ? source.toString() : "" });
  }
  return result;
}
