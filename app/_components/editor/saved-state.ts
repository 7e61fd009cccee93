import * as Y from "yjs";

/**
 * The largest clock of `clientId` that the server reports as stored, from
 * the server's awareness entries (`{ server: true, durable: <base64 state vector> }`).
 */
function durableClock(states: Map<number, Record<string, unknown>>, clientId: number): number {
  let clock = 0;
  for (const state of states.values()) {
    if (state.server !== true || typeof state.durable !== "string") continue;
    try {
      const vector = Y.decodeStateVector(base64ToBytes(state.durable));
      clock = Math.max(clock, vector.get(clientId) ?? 0);
    } catch {
      // A malformed vector proves nothing stored.
    }
  }
  return clock;
}

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** How far this client has written: its own clock in the document's state vector. */
function localClock(doc: Y.Doc): number {
  return Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID) ?? 0;
}

/**
 * Whether everything this client wrote is stored by the server: the stored
 * clock for `doc.clientID` has caught up with the local one.
 *
 * @example
 * isSaved(doc, provider.awareness.getStates()) // true once the server stored our edits
 */
export function isSaved(doc: Y.Doc, states: Map<number, Record<string, unknown>>): boolean {
  const written = localClock(doc);
  return written === 0 || durableClock(states, doc.clientID) >= written;
}
