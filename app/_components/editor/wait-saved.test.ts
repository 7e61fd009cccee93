import { afterEach, expect, test, vi } from "vitest";
import * as Y from "yjs";
import { waitUntilSaved, type AwarenessLike } from "./wait-saved";

/** A server's awareness entry announcing what it has stored, and the listeners to tell. */
function fakeAwareness(): AwarenessLike & { announce(doc: Y.Doc): void; listeners: number } {
  const states = new Map<number, Record<string, unknown>>();
  const listeners = new Set<() => void>();
  return {
    getStates: () => states,
    on: (_event, listener) => void listeners.add(listener),
    off: (_event, listener) => void listeners.delete(listener),
    announce(doc) {
      const vector = Y.encodeStateVector(doc);
      states.set(999, { server: true, durable: btoa(String.fromCharCode(...vector)) });
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
  await expect(waitUntilSaved(doc, fakeAwareness(), 1000)).resolves.toBe(true);
});

test("waits until the server announces it stored the latest edit", async () => {
  const doc = new Y.Doc();
  const awareness = fakeAwareness();
  doc.getText("t").insert(0, "a");
  awareness.announce(doc);
  doc.getText("t").insert(1, "b");
  let done: boolean | null = null;
  const waiting = waitUntilSaved(doc, awareness, 60_000).then((result) => (done = result));
  await Promise.resolve();
  expect(done).toBeNull();
  awareness.announce(doc);
  await waiting;
  expect(done).toBe(true);
  expect(awareness.listeners).toBe(0);
});

test("gives up after the timeout and stops listening", async () => {
  vi.useFakeTimers();
  const doc = new Y.Doc();
  const awareness = fakeAwareness();
  doc.getText("t").insert(0, "unsaved");
  const waiting = waitUntilSaved(doc, awareness, 2000);
  await vi.advanceTimersByTimeAsync(2000);
  await expect(waiting).resolves.toBe(false);
  expect(awareness.listeners).toBe(0);
});
