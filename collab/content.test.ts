import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { decodeContent, longestOrderedRun, readContent, writeCells, writeNotebookMetadata, type CellContent } from "./content";
import { cellIds, cellSource, deleteCell, insertCell, orderOf } from "./doc";

function docWith(cells: Array<Partial<CellContent> & { id: string }>): Y.Doc {
  const doc = new Y.Doc();
  cells.forEach((cell, i) => insertCell(doc, i, { id: cell.id, kind: cell.kind, source: cell.source ?? cell.id, metadata: cell.metadata }));
  return doc;
}

const content = (id: string, source = id, extra: Partial<CellContent> = {}): CellContent => ({
  id,
  kind: "code",
  source,
  metadata: {},
  outputs: [],
  executionCount: null,
  ...extra,
});

/** Two replicas of one document that exchange nothing until `sync()`. */
function replicas(doc: Y.Doc) {
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  const sync = () => {
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
  };
  return { other, sync };
}

describe("writeCells", () => {
  it("makes the visible cells equal the target: deletes, inserts, edits, reorders", () => {
    const doc = docWith([{ id: "a" }, { id: "b" }, { id: "c" }, { id: "d" }]);
    const target = [
      content("d", "d2", { kind: "markdown" }),
      content("a"),
      content("new", "fresh", { metadata: { tags: ["x"] }, outputs: [{ output_type: "stream", name: "stdout", text: "hi" }], executionCount: 4 }),
      content("c"),
    ];
    writeCells(doc, target);
    expect(readContent(doc).cells).toEqual(target);
    expect(decodeContent(Y.encodeStateAsUpdate(doc)).cells).toEqual(target);
  });

  it("edits only what differs: unchanged cells keep their text objects, a moved cell is one move", () => {
    const doc = docWith([{ id: "a" }, { id: "b" }, { id: "c" }]);
    const textOfA = cellSource(doc, "a");
    const before = Y.encodeStateVector(doc);
    writeCells(doc, [content("a"), content("b"), content("c")]);
    expect(Y.encodeStateAsUpdate(doc, before).byteLength).toBeLessThan(8); // nothing to send
    writeCells(doc, [content("c"), content("a"), content("b")]);
    expect(cellIds(doc)).toEqual(["c", "a", "b"]);
    expect(cellSource(doc, "a")).toBe(textOfA);
  });

  it("changes only the differing span of a source, so a concurrent edit elsewhere survives", () => {
    const doc = docWith([{ id: "a", source: "hello world" }]);
    const { other, sync } = replicas(doc);
    writeCells(doc, [content("a", "hello there world")]);
    cellSource(other, "a")!.insert(0, ">> ");
    sync();
    expect(cellSource(doc, "a")!.toString()).toBe(">> hello there world");
    expect(cellSource(other, "a")!.toString()).toBe(">> hello there world");
  });

  it("never resurrects or duplicates a cell it deleted when a stale replica edits or moves it", () => {
    const doc = docWith([{ id: "a" }, { id: "b" }, { id: "c" }]);
    const { other, sync } = replicas(doc);
    writeCells(doc, [content("b"), content("a")]); // deletes c, moves b
    // The stale replica edits c, moves c and b, and adds a cell of its own.
    cellSource(other, "c")!.insert(0, "stale edit ");
    orderOf(other).delete(2, 1);
    orderOf(other).insert(0, ["c"]);
    orderOf(other).delete(2, 1);
    orderOf(other).insert(0, ["b"]);
    insertCell(other, 3, { id: "offline", source: "new" });
    sync();
    for (const replica of [doc, other]) {
      expect(cellIds(replica)).not.toContain("c");
      const ids = cellIds(replica);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.filter((id) => id !== "offline").sort()).toEqual(["a", "b"]);
      expect(ids).toContain("offline");
    }
    expect(cellIds(doc)).toEqual(cellIds(other));
  });

  it("brings back a deleted cell under its id with the version's content", () => {
    const doc = docWith([{ id: "a" }, { id: "b" }]);
    const version = readContent(doc).cells;
    deleteCell(doc, "a");
    writeCells(doc, version);
    expect(readContent(doc).cells).toEqual(version);
  });

  it("replaces notebook metadata only when it differs", () => {
    const doc = new Y.Doc();
    writeNotebookMetadata(doc, { authors: ["x"] });
    const vector = Y.encodeStateVector(doc);
    writeNotebookMetadata(doc, { authors: ["x"] });
    expect(Y.encodeStateVector(doc)).toEqual(vector);
    expect(readContent(doc).metadata).toEqual({ authors: ["x"] });
  });
});

describe("longestOrderedRun", () => {
  it("finds the positions of a longest increasing run", () => {
    expect(longestOrderedRun([])).toEqual([]);
    expect(longestOrderedRun([2, 0, 1, 3])).toEqual([1, 2, 3]);
    expect(longestOrderedRun([3, 2, 1])).toHaveLength(1);
    expect(longestOrderedRun([0, 1, 2])).toEqual([0, 1, 2]);
  });
});
