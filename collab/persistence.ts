import type { Database } from "../db/client";
import { appendDocRows, compactStoredDoc, loadStoredDoc } from "../db/queries/docs";
import { createAppendBatcher, type AppendBatcherOptions } from "./append-batch";

/**
 * Durable storage of notebook documents: append-only updates on top of a
 * snapshot. The room appends before it applies or broadcasts anything.
 */
export interface DocPersistence {
  /** The stored parts of a document, oldest first (snapshot, then updates). */
  load(notebookId: string): Promise<{ parts: Uint8Array[]; updateCount: number }>;
  append(notebookId: string, updates: Uint8Array[]): Promise<void>;
  /**
   * Replaces the snapshot with `snapshot()`, which must hold every update
   * stored when it is called (the room settles and encodes its document),
   * and drops the updates it holds; returns how many were dropped.
   */
  compact(notebookId: string, snapshot: () => Promise<Uint8Array>): Promise<number>;
}

export function createDocPersistence(db: Database, options: AppendBatcherOptions = {}): DocPersistence {
  const append = createAppendBatcher((rows) => appendDocRows(db, rows), options);
  return {
    async load(notebookId) {
      const stored = await loadStoredDoc(db, notebookId);
      const parts = [...(stored.snapshot ? [stored.snapshot.state] : []), ...stored.updates.map((u) => u.update)];
      return { parts, updateCount: stored.updates.length };
    },
    append,
    compact: (notebookId, snapshot) => compactStoredDoc(db, notebookId, snapshot),
  };
}
