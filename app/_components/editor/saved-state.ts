import * as Y from "yjs";

/**
 * Whether everything this client wrote is stored by the server: the stored
 * clock for `doc.clientID` (from the server's stored state vector, see
 * stored-state.ts) has caught up with the local one.
 *
 * @example
 * isSaved(doc, stored.vector()) // true once the server stored our edits
 */
export function isSaved(doc: Y.Doc, stored: Map<number, number> | null): boolean {
  // How far this client has written: its own clock, read off the store (no state vector encoded).
  const written = Y.getState(doc.store, doc.clientID);
  return written === 0 || (stored?.get(doc.clientID) ?? 0) >= written;
}
