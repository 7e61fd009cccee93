import { describe, expect, it } from "vitest";
import { createAppendBatcher, type AppendRow } from "./append-batch";

const bytes = (n: number) => Uint8Array.of(n);
const describeRows = (rows: AppendRow[]) => rows.map((r) => `${r.notebookId}:${r.update[0]}`);

/** A store that records each statement and lets the test decide when it commits. */
function controlledStore() {
  const statements: string[][] = [];
  const stored: string[] = [];
  const releases: Array<() => void> = [];
  let refuse: ((rows: AppendRow[]) => boolean) | null = null;
  const write = (rows: AppendRow[]) =>
    new Promise<void>((resolve, reject) => {
      statements.push(describeRows(rows));
      releases.push(() => {
        if (refuse?.(rows)) return reject(new Error("foreign key violation"));
        stored.push(...describeRows(rows));
        resolve();
      });
    });
  return {
    write,
    statements,
    stored,
    refuseWhen: (check: (rows: AppendRow[]) => boolean) => (refuse = check),
    /** Commits the oldest statement in flight. */
    commitNext: async () => {
      await new Promise((r) => setTimeout(r, 0));
      releases.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

describe("append batcher", () => {
  it("rooms appending in the same turn share one statement; rooms arriving meanwhile share the next", async () => {
    const store = controlledStore();
    const append = createAppendBatcher(store.write);
    const first = [append("a", [bytes(1), bytes(2)]), append("b", [bytes(1)])];
    await new Promise((r) => setTimeout(r, 0));
    expect(store.statements).toEqual([["a:1", "a:2", "b:1"]]);

    // While that statement is in flight, three more rooms hand in rows.
    const second = [append("c", [bytes(1)]), append("d", [bytes(1)]), append("e", [bytes(1)])];
    let secondDone = false;
    void Promise.all(second).then(() => (secondDone = true));
    await store.commitNext();
    await Promise.all(first);
    expect(store.statements).toEqual([["a:1", "a:2", "b:1"], ["c:1", "d:1", "e:1"]]);
    expect(secondDone).toBe(false);

    await store.commitNext();
    await Promise.all(second);
    expect(store.stored).toEqual(["a:1", "a:2", "b:1", "c:1", "d:1", "e:1"]);
  });

  it("a statement one room makes fail is retried room by room: only that room's append fails, nothing repeats", async () => {
    const store = controlledStore();
    store.refuseWhen((rows) => rows.some((r) => r.notebookId === "deleted"));
    const append = createAppendBatcher(store.write);
    const results = Promise.allSettled([append("a", [bytes(1)]), append("deleted", [bytes(7)]), append("b", [bytes(2)])]);
    for (let i = 0; i < 4; i++) await store.commitNext();
    const [a, deleted, b] = await results;
    expect(a.status).toBe("fulfilled");
    expect(b.status).toBe("fulfilled");
    expect(deleted.status).toBe("rejected");
    expect((deleted as PromiseRejectedResult).reason).toBeInstanceOf(Error);
    expect(store.statements).toEqual([["a:1", "deleted:7", "b:2"], ["a:1"], ["deleted:7"], ["b:2"]]);
    expect(store.stored).toEqual(["a:1", "b:2"]);
  });

  it("an empty append resolves without a statement", async () => {
    const store = controlledStore();
    const append = createAppendBatcher(store.write);
    await append("a", []);
    expect(store.statements).toEqual([]);
  });

  it("a store that commits without yielding (PGlite) gets one statement per turn of frames, or per interval when asked", async () => {
    const statements: string[][] = [];
    const write = async (rows: AppendRow[]) => void statements.push(describeRows(rows));
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

    const eager = createAppendBatcher(write);
    await Promise.all([eager("a", [bytes(1)]), eager("b", [bytes(1)])]);
    const later = eager("a", [bytes(2)]);
    await nextTurn();
    await Promise.all([later, eager("a", [bytes(3)])]);
    expect(statements).toEqual([["a:1", "b:1"], ["a:2"], ["a:3"]]);

    statements.length = 0;
    const spaced = createAppendBatcher(write, { minIntervalMs: 50 });
    await spaced("a", [bytes(1)]);
    // Frames of later turns within the interval wait for one shared write.
    const pending = [spaced("a", [bytes(2)])];
    await nextTurn();
    pending.push(spaced("b", [bytes(1)]));
    await nextTurn();
    pending.push(spaced("a", [bytes(3)]));
    expect(statements).toEqual([["a:1"]]);
    await Promise.all(pending);
    expect(statements).toEqual([["a:1"], ["a:2", "b:1", "a:3"]]);
  });
});
