import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { cellIds, cellSource, deleteCell, insertCell, migrateDoc, moveCell, readCells, SCHEMA_VERSION, metaOf } from "./doc";

/** Two replicas that exchange nothing until `sync()`: concurrent edits. */
function pair() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  const sync = () => {
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  };
  return { a, b, sync };
}

describe("notebook document", () => {
  it("inserts, moves and deletes cells by id", () => {
    const doc = new Y.Doc();
    const x = insertCell(doc, 0, { source: "x" });
    const y = insertCell(doc, 1, { kind: "markdown", source: "# y" });
    const z = insertCell(doc, 1, { source: "z" });
    expect(cellIds(doc)).toEqual([x, z, y]);
    moveCell(doc, x, 2);
    expect(cellIds(doc)).toEqual([z, y, x]);
    deleteCell(doc, y);
    expect(readCells(doc).map((c) => [c.kind, c.source])).toEqual([["code", "z"], ["code", "x"]]);
  });

  it("never duplicates a cell that two people move at once", () => {
    const { a, b, sync } = pair();
    const ids = [0, 1, 2, 3].map((i) => insertCell(a, i, { source: String(i) }));
    sync();
    moveCell(a, ids[0]!, 3);
    moveCell(b, ids[0]!, 1);
    sync();
    expect(cellIds(a)).toEqual(cellIds(b));
    expect(cellIds(a)).toHaveLength(4);
    expect(new Set(cellIds(a))).toEqual(new Set(ids));
  });

  it("never resurrects a cell deleted while another person moved and edited it", () => {
    const { a, b, sync } = pair();
    const ids = [0, 1, 2].map((i) => insertCell(a, i, { source: `cell ${i}` }));
    sync();
    deleteCell(a, ids[1]!);
    moveCell(b, ids[1]!, 0);
    cellSource(b, ids[1]!)!.insert(0, "edited ");
    sync();
    expect(cellIds(a)).toEqual([ids[0], ids[2]]);
    expect(cellIds(b)).toEqual(cellIds(a));
    expect(Y.encodeStateVector(a)).toEqual(Y.encodeStateVector(b));
  });

  it("stamps the schema version once", () => {
    const doc = new Y.Doc();
    expect(migrateDoc(doc)).toBe(true);
    expect(metaOf(doc).get("schemaVersion")).toBe(SCHEMA_VERSION);
    expect(migrateDoc(doc)).toBe(false);
  });
});
