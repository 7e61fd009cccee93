import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { concatUpdates, encodeChangesSince } from "./update-encoding";

/** A small seeded generator, so a failure repeats. */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

/** One random edit (insert, or delete when there is text) as its own transaction. */
function edit(doc: Y.Doc, next: () => number): void {
  const text = doc.getText("t");
  if (text.length > 0 && next() < 0.3) {
    const at = Math.floor(next() * text.length);
    text.delete(at, Math.min(text.length - at, 1 + Math.floor(next() * 4)));
  } else {
    text.insert(Math.floor(next() * (text.length + 1)), "abcdefgh".slice(0, 1 + Math.floor(next() * 8)));
  }
}

/** Updates of two replicas typing and exchanging edits, one per transaction, in arrival order at a server. */
function typingSession(seed: number, edits: number): Uint8Array[] {
  const next = random(seed);
  const a = new Y.Doc();
  const b = new Y.Doc();
  const arrived: Uint8Array[] = [];
  a.on("update", (u: Uint8Array, origin: unknown) => origin !== "remote" && arrived.push(u) && Y.applyUpdate(b, u, "remote"));
  b.on("update", (u: Uint8Array, origin: unknown) => origin !== "remote" && arrived.push(u) && Y.applyUpdate(a, u, "remote"));
  for (let i = 0; i < edits; i++) edit(next() < 0.5 ? a : b, next);
  return arrived;
}

function docOf(...updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc;
}

function sameDoc(x: Y.Doc, y: Y.Doc): void {
  expect(x.getText("t").toString()).toBe(y.getText("t").toString());
  expect(Y.encodeStateVector(x)).toEqual(Y.encodeStateVector(y));
  expect(Y.encodeStateAsUpdate(x)).toEqual(Y.encodeStateAsUpdate(y));
}

describe("concatUpdates", () => {
  it("joins consecutive updates of several writers into what Y.mergeUpdates gives", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const updates = typingSession(seed, 300);
      const joined = concatUpdates(updates.map((u) => Y.decodeUpdate(u)));
      expect(joined).not.toBeNull();
      sameDoc(docOf(joined!), docOf(Y.mergeUpdates(updates)));
      sameDoc(docOf(joined!), docOf(...updates));
    }
  });

  it("joins batches of a session one after another, as successive commits do", () => {
    const updates = typingSession(9, 400);
    const rows: Uint8Array[] = [];
    for (let i = 0; i < updates.length; i += 37) {
      rows.push(concatUpdates(updates.slice(i, i + 37).map((u) => Y.decodeUpdate(u)))!);
    }
    sameDoc(docOf(...rows), docOf(...updates));
  });

  it("gives up on overlapping or missing updates, which need Y.mergeUpdates", () => {
    const updates = typingSession(7, 20);
    const decoded = updates.map((u) => Y.decodeUpdate(u));
    expect(concatUpdates([...decoded, decoded[3]!])).toBeNull();
    const firstOfA = decoded.findIndex((d, i) => i > 0 && d.structs[0]?.id.client === decoded[0]!.structs[0]?.id.client);
    expect(concatUpdates(decoded.filter((_, i) => i !== firstOfA))).toBeNull();
  });

  it("refuses updates that carry skips", () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    for (const word of ["a", "b", "c"]) doc.getText("t").insert(0, word);
    const withGap = Y.mergeUpdates([updates[0]!, updates[2]!]);
    expect(concatUpdates([Y.decodeUpdate(withGap)])).toBeNull();
  });
});

describe("encodeChangesSince", () => {
  it("sends a tick of transactions as one update that a replica applies to the same document", () => {
    const next = random(11);
    const writer = new Y.Doc();
    const reader = new Y.Doc();
    const deletes: Array<ReturnType<typeof Y.createDeleteSet>> = [];
    writer.on("afterTransaction", (tr: Y.Transaction) => deletes.push(tr.deleteSet));
    for (let tick = 0; tick < 40; tick++) {
      const since = Y.decodeStateVector(Y.encodeStateVector(writer));
      deletes.length = 0;
      for (let i = 0; i < 1 + Math.floor(next() * 20); i++) edit(writer, next);
      Y.applyUpdate(reader, encodeChangesSince(writer, since, deletes));
      expect(reader.getText("t").toString()).toBe(writer.getText("t").toString());
    }
    sameDoc(reader, docOf(Y.encodeStateAsUpdate(writer)));
  });
});
