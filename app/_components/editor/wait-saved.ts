import type * as Y from "yjs";
import { isSaved } from "./saved-state";

/** The part of y-protocols' Awareness this needs. */
export interface AwarenessLike {
  getStates(): Map<number, Record<string, unknown>>;
  on(event: "change", listener: () => void): void;
  off(event: "change", listener: () => void): void;
}

/**
 * Resolves true once the server has stored everything this client wrote
 * (its announced state vector caught up), false after `timeoutMs`. A run
 * request goes over HTTP while the typing goes over the WebSocket: waiting
 * first makes the kernel run the text the person sees, not an older one.
 *
 * @example
 * await waitUntilSaved(doc, provider.awareness, 2000);
 * await requestRun(notebookId, { scope: "cell", cellId });
 */
export function waitUntilSaved(doc: Y.Doc, awareness: AwarenessLike, timeoutMs: number): Promise<boolean> {
  const saved = () => isSaved(doc, awareness.getStates());
  if (saved()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (result: boolean) => {
      clearTimeout(timer);
      awareness.off("change", check);
      resolve(result);
    };
    const check = () => {
      if (saved()) finish(true);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    awareness.on("change", check);
  });
}
