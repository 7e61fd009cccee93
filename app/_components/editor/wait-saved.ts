import type * as Y from "yjs";
import { isSaved } from "./saved-state";
import type { StoredState } from "./stored-state";

/**
 * Resolves true once the server has stored everything this client wrote
 * (its announced state vector caught up), false after `timeoutMs`. A run
 * request goes over HTTP while the typing goes over the WebSocket: waiting
 * first makes the kernel run the text the person sees, not an older one.
 *
 * @example
 * await waitUntilSaved(doc, session.stored, 2000);
 * await requestRun(notebookId, { scope: "cell", cellId });
 */
export function waitUntilSaved(doc: Y.Doc, stored: StoredState, timeoutMs: number): Promise<boolean> {
  const saved = () => isSaved(doc, stored.vector());
  if (saved()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (result: boolean) => {
      clearTimeout(timer);
      stored.off("change", check);
      resolve(result);
    };
    const check = () => {
      if (saved()) finish(true);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    stored.on("change", check);
  });
}
