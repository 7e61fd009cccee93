import * as Y from "yjs";
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
  /** Folds updates into the snapshot; returns how many were folded. */
  compact(notebookId: string): Promise<number>;
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
    compact: (notebookId) => compactStoredDoc(db, notebookId, foldParts),
  };
}

/**
 * Folds stored parts into one update through a scratch document: linear in
 * their size, where Y.mergeUpdates over hundreds of parts is not. A part
 * that does not apply is skipped exactly as `Room.load` skips it, so the
 * snapshot holds what a load of the same rows would hold.
 */
export function foldParts(parts: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      for (const part of parts) {
        try {
          Y.applyUpdate(doc, part);
        } catch (error) {
          console.error("[collab] compaction skipped an unreadable stored update:", error);
        }
      }
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
