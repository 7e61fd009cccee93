import * as decoding from "lib0/decoding";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { DURABLE_MESSAGE, DURABLE_PARAM } from "@/protocol/collab";

/** The provider's `params`: asks the server for its stored state vector (protocol/collab.ts). */
export const STORED_STATE_PARAMS: Record<string, string> = { [DURABLE_PARAM]: "1" };

/** What the server reports as stored, and a signal when that changes. */
export interface StoredState {
  /** The latest stored state vector the server sent; null before the first. */
  vector(): Map<number, number> | null;
  on(event: "change", listener: () => void): void;
  off(event: "change", listener: () => void): void;
}

type Handler = (encoder: unknown, decoder: decoding.Decoder) => void;

/**
 * Follows the server's stored state vector on a provider that connected
 * with STORED_STATE_PARAMS. Register it before the socket opens (in the
 * same turn as creating the provider): the server sends the current vector
 * as soon as the connection joins.
 *
 * @example
 * const provider = new WebsocketProvider(url, notebookId, doc, { params: STORED_STATE_PARAMS });
 * const stored = followStoredState(provider);
 * stored.on("change", () => console.log(isSaved(doc, stored.vector())));
 */
export function followStoredState(provider: WebsocketProvider): StoredState & { close(): void } {
  let latest: Map<number, number> | null = null;
  const listeners = new Set<() => void>();
  const handlers = provider.messageHandlers as unknown as Handler[];
  handlers[DURABLE_MESSAGE] = (_encoder, decoder) => {
    try {
      latest = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    } catch {
      // A malformed vector proves nothing stored; the last good one stands.
      return;
    }
    for (const listener of [...listeners]) listener();
  };
  return {
    vector: () => latest,
    on: (_event, listener) => void listeners.add(listener),
    off: (_event, listener) => void listeners.delete(listener),
    close() {
      listeners.clear();
      delete handlers[DURABLE_MESSAGE];
    },
  };
}
