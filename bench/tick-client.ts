import * as Y from "yjs";
import type { WebsocketProvider } from "y-websocket";
import { encodeUpdate } from "../collab/messages";
import { encodeChangesSince } from "./update-encoding";

type DeleteSet = ReturnType<typeof Y.createDeleteSet>;

/**
 * Makes a y-websocket client send everything typed in one event-loop turn
 * as one update frame, instead of one frame per transaction as the stock
 * provider does. Transactions stay one per edit; only the wire batching
 * changes (what a client that batches per tick, like Hocuspocus's provider
 * with its flush window, sends). The frame is the provider's own sync
 * update message; a reconnect resyncs through the provider as usual.
 * Returns a function that restores the stock behaviour.
 */
export function sendPerTick(provider: WebsocketProvider): () => void {
  const doc = provider.doc;
  const stock = (provider as unknown as { _updateHandler: (update: Uint8Array, origin: unknown) => void })._updateHandler;
  doc.off("update", stock);
  let since: Map<number, number> | null = null;
  const deletes: DeleteSet[] = [];

  const flush = () => {
    if (!since) return;
    const update = encodeChangesSince(doc, since, deletes);
    since = null;
    deletes.length = 0;
    // Dropped while offline, exactly as the provider drops it: the sync on reconnect carries it.
    if (provider.wsconnected) provider.ws?.send(encodeUpdate(update));
  };
  const onTransaction = (transaction: Y.Transaction) => {
    // Remote updates come in with the provider as origin; only local edits go out.
    if (transaction.origin === provider || !transaction.local) return;
    // A local edit adds structs under this client's own id only: one lookup, not a walk of the state vector.
    const own = doc.clientID;
    if (transaction.deleteSet.clients.size === 0 && transaction.afterState.get(own) === transaction.beforeState.get(own)) return;
    if (!since) {
      since = new Map(transaction.beforeState);
      setImmediate(flush);
    }
    deletes.push(transaction.deleteSet);
  };
  doc.on("afterTransaction", onTransaction);
  return () => {
    flush();
    doc.off("afterTransaction", onTransaction);
    doc.on("update", stock);
  };
}
