import type * as Y from "yjs";
import { cellIds, cellSource, deleteCell, insertCell, moveCell, setCellKind } from "../collab/doc";
import type { Random } from "./random";

/** Each cell starts with a marker no edit touches, so a duplicated cell shows as a repeated marker (see notebookProblems). */
function markerOf(doc: Y.Doc, id: string): string {
  return /^#m[0-9a-z-]+#/.exec(cellSource(doc, id)?.toString() ?? "")?.[0] ?? "";
}

/**
 * One random edit through the notebook model, as a person in the editor
 * makes them: type or delete text in a cell, add, move, delete a cell or
 * change its kind. `label` makes the markers of new cells unique.
 */
export function editRandomly(doc: Y.Doc, random: Random, label: string, counter: { n: number }): void {
  const ids = cellIds(doc);
  const roll = random.next();
  if (ids.length === 0 || roll < 0.12) {
    counter.n += 1;
    insertCell(doc, random.int(0, ids.length), { source: `#m${label}-${counter.n}#` });
    return;
  }
  const id = random.pick(ids);
  const source = cellSource(doc, id);
  if (!source) return;
  const floor = markerOf(doc, id).length;
  if (roll < 0.55) {
    source.insert(random.int(floor, source.length), random.text(random.int(1, 8)));
  } else if (roll < 0.75) {
    if (source.length > floor) {
      const at = random.int(floor, source.length - 1);
      source.delete(at, random.int(1, Math.min(6, source.length - at)));
    }
  } else if (roll < 0.88) {
    moveCell(doc, id, random.int(0, ids.length - 1));
  } else if (roll < 0.95) {
    if (ids.length > 3) deleteCell(doc, id);
  } else {
    setCellKind(doc, id, random.chance(0.5) ? "markdown" : "code");
  }
}
