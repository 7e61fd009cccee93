import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStores, useTestStore } from "../../test/stores";
import type { Store } from "../client";
import { appendDocRows, appendDocUpdates, compactStoredDoc, loadStoredDoc } from "./docs";
import { insertNotebook } from "./notebooks";
import { insertUser } from "./users";

const stores = testStores();

/** Parts here are single bytes; folding them concatenates, so a load's content is checkable byte by byte. */
const concat = (parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
const contentOf = (stored: Awaited<ReturnType<typeof loadStoredDoc>>) =>
  [...concat([...(stored.snapshot ? [stored.snapshot.state] : []), ...stored.updates.map((u) => u.update)])];
/** The snapshot a room would hand in: what the store holds up to `through`, read back here. */
const storedThrough = (store: Store, notebookId: string) => async (through: number) => {
  const stored = await loadStoredDoc(store.db, notebookId);
  return concat([...(stored.snapshot ? [stored.snapshot.state] : []), ...stored.updates.filter((u) => u.id <= through).map((u) => u.update)]);
};

describe.each(stores)("document queries on $name", ({ open }) => {
  let store: Store;
  let ownerId: string;
  useTestStore(open, (opened) => (store = opened));
  beforeAll(async () => {
    ownerId = (await insertUser(store.db, { username: "owner", name: "Owner", passwordHash: "h", role: "member" }))!.id;
  });

  it("a load racing a compaction sees every stored update exactly once", async () => {
    const notebook = await insertNotebook(store.db, { name: "race", ownerId });
    let next = 0;
    const expected: number[] = [];
    for (let round = 0; round < 80; round++) {
      const batch = Array.from({ length: 3 }, () => Uint8Array.of(next++ % 256));
      await appendDocUpdates(store.db, notebook.id, batch);
      expected.push(...batch.map((b) => b[0]!));
      // One starts, the other a few event-loop turns later, in both orders,
      // so that some round lands the compaction's commit between the load's reads.
      const hops = Math.floor(round / 2) % 20;
      const later = async <T>(start: () => Promise<T>) => {
        for (let hop = 0; hop < hops; hop++) await new Promise((resolve) => setImmediate(resolve));
        return start();
      };
      const startLoad = () => loadStoredDoc(store.db, notebook.id);
      const startCompaction = () => compactStoredDoc(store.db, notebook.id, storedThrough(store, notebook.id));
      const [load, compaction] = round % 2 === 0 ? [startLoad(), later(startCompaction)] : [later(startLoad), startCompaction()];
      const [stored] = await Promise.all([load, compaction]);
      expect(contentOf(stored), `round ${round}`).toEqual(expected);
    }
    const after = await loadStoredDoc(store.db, notebook.id);
    expect(after.updates).toEqual([]);
    expect(contentOf(after)).toEqual(expected);
  });

  it("a compaction keeps updates stored after its snapshot was taken, and loses the race to a later one", async () => {
    const notebook = await insertNotebook(store.db, { name: "late", ownerId });
    await appendDocUpdates(store.db, notebook.id, [Uint8Array.of(1), Uint8Array.of(2)]);
    const folded = await compactStoredDoc(store.db, notebook.id, async (through) => {
      // Stored while the snapshot is being made: a higher id than the snapshot covers.
      await appendDocUpdates(store.db, notebook.id, [Uint8Array.of(3)]);
      return storedThrough(store, notebook.id)(through);
    });
    expect(folded).toBe(2);
    const after = await loadStoredDoc(store.db, notebook.id);
    expect(after.updates.map((u) => [...u.update])).toEqual([[3]]);
    expect(contentOf(after)).toEqual([1, 2, 3]);

    // Two compactions race; the one that read the lower id finishes last and must not replace the newer snapshot.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = compactStoredDoc(store.db, notebook.id, async (through) => {
      await held;
      return storedThrough(store, notebook.id)(through);
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await appendDocUpdates(store.db, notebook.id, [Uint8Array.of(4)]);
    expect(await compactStoredDoc(store.db, notebook.id, storedThrough(store, notebook.id))).toBe(2);
    release();
    expect(await slow).toBe(0);
    const last = await loadStoredDoc(store.db, notebook.id);
    expect(last.updates).toEqual([]);
    expect(contentOf(last)).toEqual([1, 2, 3, 4]);
  });

  it("refuses a notebook id that is not a UUID before any SQL is sent", async () => {
    await expect(appendDocRows(store.db, [{ notebookId: "x'); drop table doc_updates; --", update: Uint8Array.of(1) }])).rejects.toThrow(TypeError);
  });

  it("stores every byte value unchanged, one byte to 300 kB", async () => {
    const notebook = await insertNotebook(store.db, { name: "bytes", ownerId });
    const every = Uint8Array.from({ length: 256 }, (_, i) => i);
    const large = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 256);
    const quoting = new TextEncoder().encode(`\\x'"{},NULL\0`);
    const updates = [every, large, quoting, every.subarray(250), Uint8Array.of(0)];
    await appendDocRows(store.db, updates.map((update) => ({ notebookId: notebook.id, update })));
    const stored = await loadStoredDoc(store.db, notebook.id);
    expect(stored.updates.map((u) => [...u.update])).toEqual(updates.map((u) => [...u]));
    // The snapshot goes through the query builder's parameters, not the append's literals.
    await compactStoredDoc(store.db, notebook.id, storedThrough(store, notebook.id));
    const compacted = await loadStoredDoc(store.db, notebook.id);
    expect(compacted.updates).toEqual([]);
    expect(Buffer.from(compacted.snapshot!.state).equals(Buffer.from(concat(updates)))).toBe(true);
  });

  it("rows of several notebooks in one statement keep each notebook's order", async () => {
    const [a, b] = await Promise.all([insertNotebook(store.db, { name: "a", ownerId }), insertNotebook(store.db, { name: "b", ownerId })]);
    const rows = Array.from({ length: 60 }, (_, i) => ({ notebookId: i % 3 === 0 ? b.id : a.id, update: Uint8Array.of(i) }));
    await appendDocRows(store.db, rows);
    for (const notebook of [a, b]) {
      const expected = rows.filter((r) => r.notebookId === notebook.id).map((r) => r.update[0]!);
      expect(contentOf(await loadStoredDoc(store.db, notebook.id))).toEqual(expected);
    }
  });
});
