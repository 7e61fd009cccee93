import { afterEach, expect, test, vi } from "vitest";
import * as Y from "yjs";
import type { StoredState } from "./stored-state";
import { waitUntilSaved } from "./wait-saved";

/** The server's stored state vectors as they arrive, and the listeners to tell. */
function fakeStored(): StoredState & { announce(doc: Y.Doc): void; listeners: number } {
  let vector: Map<number, number> | null = null;
  const listeners = new Set<() => void>();
  return {
    vector: () => vector,
    on: (_event, listener) => void listeners.add(listener),
    off: (_event, listener) => void listeners.delete(listener),
    announce(doc) {
      vector = Y.decodeStateVector(Y.encodeStateVector(doc));
      for (const listener of [...listeners]) listener();
    },
    get listeners() {
      return listeners.size;
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

test("nothing written yet means nothing to wait for", async () => {
  const doc = new Y.Doc();
  await expect(waitUntilSaved(doc, fakeStored(), 1000)).resolves.toBe(true);
});

test("waits until the server announces it stored the latest edit", async () => {
  const doc = new Y.Doc();
  const stored = fakeStored();
  doc.getText("t").insert(0, "a");
  stored.announce(doc);
  doc.getText("t").insert(1, "b");
  let done: boolean | null = null;
  const waiting = waitUntilSaved(doc, stored, 60_000).then((result) => (done = result));
  await Promise.resolve();
  expect(done).toBeNull();
  stored.announce(doc);
  await waiting;
  expect(done).toBe(true);
  expect(stored.listeners).toBe(0);
});

test("gives up after the timeout and stops listening", async () => {
  vi.useFakeTimers();
  const doc = new Y.Doc();
  const stored = fakeStored();
  doc.getText("t").insert(0, "unsaved");
  const waiting = waitUntilSaved(doc, stored, 2000);
  await vi.advanceTimersByTimeAsync(2000);
  await expect(waiting).resolves.toBe(false);
  expect(stored.listeners).toBe(0);
});
