import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Principal } from "../auth/index";
import type { Connection } from "./connection";
import { cellIds, insertCell, readCells } from "./doc";
import { decodeFrame } from "./messages";
import type { DocPersistence } from "./persistence";
import { Room } from "./room";

interface Deferred {
  rows: Uint8Array[];
  resolve(): void;
  reject(error: Error): void;
}

/** A store whose appends wait until the test lets them finish (or fail). */
function delayedStore() {
  const stored: Uint8Array[] = [];
  const inFlight: Deferred[] = [];
  let holdAppends = false;
  const persistence: DocPersistence = {
    load: async () => ({ parts: [...stored], updateCount: stored.length }),
    append: (_id, rows) => {
      if (!holdAppends) {
        stored.push(...rows);
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        inFlight.push({
          rows,
          resolve: () => {
            stored.push(...rows);
            resolve();
          },
          reject,
        });
      });
    },
    compact: async () => 0,
  };
  return {
    persistence,
    stored,
    inFlight,
    hold: () => (holdAppends = true),
    /** The stored rows as one document. */
    storedDoc: () => {
      const doc = new Y.Doc();
      for (const row of stored) Y.applyUpdate(doc, row);
      return doc;
    },
  };
}

function fakeConnection(id: number) {
  const received: Uint8Array[] = [];
  const connection: Connection = {
    id,
    principal: { user: { id: `user-${id}`, username: `u${id}`, name: `U ${id}`, role: "member" }, via: "token" } as unknown as Principal,
    readOnly: false,
    awarenessIds: new Set(),
    send: (frame) => received.push(frame),
    close: () => undefined,
  };
  /** Document updates this connection was sent, applied to a replica. */
  const replica = new Y.Doc();
  const sync = () => {
    for (const frame of received.splice(0)) {
      const message = decodeFrame(frame);
      if (message.type === "update") Y.applyUpdate(replica, message.update);
    }
    return replica;
  };
  return { connection, sync };
}

/** An update that inserts one cell with `source`, made on a copy of `base`. */
function cellUpdate(base: Y.Doc, source: string): Uint8Array {
  const author = new Y.Doc();
  Y.applyUpdate(author, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(author);
  insertCell(author, 0, { source });
  return Y.encodeStateAsUpdate(author, before);
}

const sources = (doc: Y.Doc) => readCells(doc).map((c) => c.source).sort();
const flushMicrotasks = () => new Promise((r) => setTimeout(r, 0));

describe("room group commit", () => {
  it("applies and broadcasts an update only after its append resolves", async () => {
    const store = delayedStore();
    const room = await Room.load("nb", store.persistence);
    store.hold();
    const a = fakeConnection(1);
    const b = fakeConnection(2);
    room.connections.add(a.connection).add(b.connection);

    let done = false;
    const receipt = room.receive(cellUpdate(room.doc, "first"), a.connection).then(() => (done = true));
    await flushMicrotasks();
    expect(store.inFlight).toHaveLength(1);
    expect(cellIds(room.doc)).toEqual([]);
    expect(sources(b.sync())).toEqual([]);
    expect(done).toBe(false);

    store.inFlight.shift()!.resolve();
    await receipt;
    expect(sources(room.doc)).toEqual(["first"]);
    expect(sources(b.sync())).toEqual(["first"]);
    // The sender is not sent its own update back.
    expect(sources(a.sync())).toEqual([]);
    room.destroy();
  });

  it("commits updates that arrive during a write together in the next one, in order", async () => {
    const store = delayedStore();
    const room = await Room.load("nb", store.persistence);
    store.hold();
    const a = fakeConnection(1);
    const b = fakeConnection(2);
    const c = fakeConnection(3);
    room.connections.add(a.connection).add(b.connection).add(c.connection);

    const order: string[] = [];
    const first = room.receive(cellUpdate(room.doc, "one"), a.connection).then(() => order.push("one"));
    await flushMicrotasks();
    const second = room.receive(cellUpdate(room.doc, "two"), b.connection).then(() => order.push("two"));
    const third = room.receive(cellUpdate(room.doc, "three"), a.connection).then(() => order.push("three"));
    await flushMicrotasks();
    // One write in flight; the later two wait for it instead of starting their own.
    expect(store.inFlight).toHaveLength(1);

    store.inFlight.shift()!.resolve();
    await first;
    await flushMicrotasks();
    expect(sources(room.doc)).toEqual(["one"]);
    expect(store.inFlight).toHaveLength(1);
    expect(store.inFlight[0]!.rows).toHaveLength(1);
    const batchRow = new Y.Doc();
    Y.applyUpdate(batchRow, Y.encodeStateAsUpdate(store.storedDoc()));
    Y.applyUpdate(batchRow, store.inFlight[0]!.rows[0]!);
    expect(sources(batchRow)).toEqual(["one", "three", "two"]);

    store.inFlight.shift()!.resolve();
    await Promise.all([second, third]);
    expect(order).toEqual(["one", "two", "three"]);
    expect(sources(room.doc)).toEqual(["one", "three", "two"]);
    // Each sender gets the other's updates, the bystander gets all, nobody gets their own.
    expect(sources(a.sync())).toEqual(["two"]);
    expect(sources(b.sync())).toEqual(["one", "three"]);
    expect(sources(c.sync())).toEqual(["one", "three", "two"]);
    // What was applied is exactly what was stored.
    expect(sources(store.storedDoc())).toEqual(sources(room.doc));
    room.destroy();
  });

  it("rejects a batch whose append fails and applies none of it; later updates still commit", async () => {
    const store = delayedStore();
    const room = await Room.load("nb", store.persistence);
    store.hold();
    const a = fakeConnection(1);
    const b = fakeConnection(2);
    room.connections.add(a.connection).add(b.connection);

    const lost = room.receive(cellUpdate(room.doc, "lost"), a.connection);
    await flushMicrotasks();
    const vector = Y.encodeStateVector(room.doc);
    store.inFlight.shift()!.reject(new Error("disk full"));
    await expect(lost).rejects.toThrow("disk full");
    expect(Y.encodeStateVector(room.doc)).toEqual(vector);
    expect(sources(room.doc)).toEqual([]);
    expect(sources(b.sync())).toEqual([]);

    const kept = room.receive(cellUpdate(room.doc, "kept"), a.connection);
    await flushMicrotasks();
    store.inFlight.shift()!.resolve();
    await kept;
    expect(sources(room.doc)).toEqual(["kept"]);
    expect(sources(b.sync())).toEqual(["kept"]);
    expect(sources(store.storedDoc())).toEqual(["kept"]);
    room.destroy();
  });

  it("settles once what was received before the call is stored, without waiting for later arrivals", async () => {
    const store = delayedStore();
    const room = await Room.load("nb", store.persistence);
    store.hold();
    const a = fakeConnection(1);
    void room.receive(cellUpdate(room.doc, "x"), a.connection);
    await flushMicrotasks();
    let settled = false;
    const settling = room.settle().then(() => (settled = true));
    void room.receive(cellUpdate(room.doc, "y"), a.connection);
    await flushMicrotasks();
    expect(settled).toBe(false);
    store.inFlight.shift()!.resolve();
    await settling;
    // "x" is stored and applied; "y", which came later, is still in flight.
    expect(sources(room.doc)).toEqual(["x"]);
    expect(room.busy).toBe(true);
    store.inFlight.shift()!.resolve();
    await room.settle();
    expect(sources(room.doc)).toEqual(["x", "y"]);
    expect(room.busy).toBe(false);
    room.destroy();
  });
});
