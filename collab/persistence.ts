import * as Y from "yjs";
import type { Database } from "../db/client";
import { appendDocUpdates, compactStoredDoc, loadStoredDoc } from "../db/queries/docs";

/**
 * Durable storage of notebook documents: append-only updates on top of a
 * snapshot. The room appends before it applies or broadcasts anything.
 */
export interface DocPersistence {
  /** The stored parts of a document, oldest first (snapshot, then updates). */
  load(notebookId: string): Promise<{ parts: Uint8Array[]; updateCount: number }>;
  append(notebookId: string, updates: Uint8Array[]): Promise<void>;
  /** Folds updates into the snapshot; returns how many were folded. */
  compact(notebookId: string): Promise<number>;
}

export function createDocPersistence(db: Database): DocPersistence {
  return {
    async load(notebookId) {
      const stored = await loadStoredDoc(db, notebookId);
      const parts = [...(stored.snapshot ? [stored.snapshot.state] : []), ...stored.updates.map((u) => u.update)];
      return { parts, updateCount: stored.updates.length };
    },
    append: (notebookId, updates) => appendDocUpdates(db, notebookId, updates),
    compact: (notebookId) => compactStoredDoc(db, notebookId, (parts) => Y.mergeUpdates(parts)),
  };
}
