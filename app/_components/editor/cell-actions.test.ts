import * as Y from "yjs";
import { expect, test } from "vitest";
import { cellIds, cellSource, insertCell, readCell } from "@/collab/doc";
import { addCell, changeKind, createDeleteUndo, duplicateCell, removeCell, shiftCell } from "./cell-actions";

function sync(from: Y.Doc, to: Y.Doc, origin: unknown = "remote"): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), origin);
}

test("cells are added, duplicated, moved and retyped", () => {
  const doc = new Y.Doc();
  const a = addCell(doc, 0);
  const b = addCell(doc, 1, "markdown");
  cellSource(doc, a)!.insert(0, "const x = 1;");
  const copy = duplicateCell(doc, a)!;
  expect(cellIds(doc)).toEqual([a, copy, b]);
  expect(readCell(doc, copy)).toMatchObject({ kind: "code", source: "const x = 1;" });

  shiftCell(doc, a, 1);
  expect(cellIds(doc)).toEqual([copy, a, b]);
  shiftCell(doc, a, 1);
  expect(cellIds(doc)).toEqual([copy, b, a]);
  shiftCell(doc, a, 1); // already last
  expect(cellIds(doc)).toEqual([copy, b, a]);
  shiftCell(doc, copy, -1); // already first
  shiftCell(doc, a, -1);
  expect(cellIds(doc)).toEqual([copy, a, b]);

  changeKind(doc, b, "code");
  expect(readCell(doc, b)?.kind).toBe("code");
});

test("Z brings back this user's deleted cell with its text, and never someone else's", () => {
  const mine = new Y.Doc();
  const theirs = new Y.Doc();
  const undo = createDeleteUndo(mine);
  const a = addCell(mine, 0);
  cellSource(mine, a)!.insert(0, "keep me");
  sync(mine, theirs);
  const b = insertCell(theirs, 1, { source: "theirs" });
  sync(theirs, mine);

  removeCell(mine, a);
  expect(cellIds(mine)).toEqual([b]);
  // Someone else deletes their cell: not on this user's stack.
  removeCell(theirs, b);
  sync(theirs, mine);
  expect(cellIds(mine)).toEqual([]);

  undo.undo();
  expect(cellIds(mine)).toEqual([a]);
  expect(cellSource(mine, a)?.toString()).toBe("keep me");
  expect(undo.undoStack).toHaveLength(0);

  // Adding or editing is not a delete: it is not undone by Z.
  addCell(mine, 1);
  expect(undo.undoStack).toHaveLength(0);
});
