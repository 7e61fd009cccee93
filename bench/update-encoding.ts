import * as encoding from "lib0/encoding";
import * as Y from "yjs";

/** What `Y.decodeUpdate` returns: the structs of an update and its delete set. */
export interface DecodedUpdate {
  structs: Array<Y.Item | Y.GC | Y.Skip>;
  ds: DeleteSet;
}

type DeleteSet = ReturnType<typeof Y.createDeleteSet>;
type Struct = Y.Item | Y.GC;

/**
 * Joins decoded updates into one update (format v1) by writing their structs
 * out once, in clock order per client, with one merged delete set. This is
 * the common case of a group commit: each update continues where the
 * previous one of its client ended (typing). `Y.mergeUpdates` gives the same
 * update but re-reads every input through lazy readers, several times over
 * when merging as a tree, which made merging the largest cost of storing a
 * fast typist's updates.
 *
 * Returns null when the structs of a client overlap, leave gaps or contain
 * skips (updates sent again after a reconnect, or out of order): those need
 * `Y.mergeUpdates`, which slices and fills.
 *
 * @example
 * const row = concatUpdates(updates.map((u) => Y.decodeUpdate(u))) ?? Y.mergeUpdates(updates);
 */
export function concatUpdates(updates: DecodedUpdate[]): Uint8Array | null {
  const byClient = new Map<number, Struct[]>();
  for (const { structs } of updates) {
    for (const struct of structs) {
      if (struct instanceof Y.Skip) return null;
      const client = struct.id.client;
      const list = byClient.get(client);
      if (list) list.push(struct);
      else byClient.set(client, [struct]);
    }
  }
  for (const list of byClient.values()) {
    // Updates of one sender arrive in clock order; sort only if not.
    if (!isSortedByClock(list)) list.sort((a, b) => a.id.clock - b.id.clock);
    for (let i = 1; i < list.length; i++) {
      const previous = list[i - 1]!;
      if (list[i]!.id.clock !== previous.id.clock + previous.length) return null;
    }
  }
  const encoder = new Y.UpdateEncoderV1();
  writeStructs(encoder, byClient);
  writeDeleteSet(encoder, Y.mergeDeleteSets(updates.map((u) => u.ds)));
  return encoder.toUint8Array();
}

/**
 * Encodes what a document gained since `since` (a state vector as a map),
 * with `deletes` as its delete set: the update the transactions in between
 * would have sent one by one, as one. Unlike `Y.encodeStateAsUpdate(doc,
 * vector)` it does not repeat every deletion the document ever saw.
 */
export function encodeChangesSince(doc: Y.Doc, since: Map<number, number>, deletes: DeleteSet[]): Uint8Array {
  const byClient = new Map<number, { structs: Struct[]; offset: number }>();
  for (const [client, structs] of doc.store.clients) {
    const clock = since.get(client) ?? 0;
    const last = structs[structs.length - 1];
    if (!last || last.id.clock + last.length <= clock) continue;
    const first = Y.findIndexSS(structs, Math.max(clock, structs[0]!.id.clock));
    byClient.set(client, { structs: structs.slice(first), offset: Math.max(0, clock - structs[first]!.id.clock) });
  }
  const encoder = new Y.UpdateEncoderV1();
  writeStructs(encoder, byClient);
  writeDeleteSet(encoder, Y.mergeDeleteSets(deletes));
  return encoder.toUint8Array();
}

function isSortedByClock(list: Struct[]): boolean {
  for (let i = 1; i < list.length; i++) if (list[i]!.id.clock < list[i - 1]!.id.clock) return false;
  return true;
}

/** The structs section of an update, higher client ids first as Yjs writes it. */
function writeStructs(
  encoder: Y.UpdateEncoderV1,
  byClient: Map<number, Struct[] | { structs: Struct[]; offset: number }>,
): void {
  encoding.writeVarUint(encoder.restEncoder, byClient.size);
  for (const client of [...byClient.keys()].sort((a, b) => b - a)) {
    const entry = byClient.get(client)!;
    const { structs, offset } = Array.isArray(entry) ? { structs: entry, offset: 0 } : entry;
    encoding.writeVarUint(encoder.restEncoder, structs.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, structs[0]!.id.clock + offset);
    structs[0]!.write(encoder, offset);
    for (let i = 1; i < structs.length; i++) structs[i]!.write(encoder, 0);
  }
}

/** The delete set section, as Yjs's own (unexported) writeDeleteSet writes it. */
function writeDeleteSet(encoder: Y.UpdateEncoderV1, ds: DeleteSet): void {
  encoding.writeVarUint(encoder.restEncoder, ds.clients.size);
  for (const client of [...ds.clients.keys()].sort((a, b) => b - a)) {
    const items = ds.clients.get(client)!;
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, items.length);
    for (const item of items) {
      encoder.writeDsClock(item.clock);
      encoder.writeDsLen(item.len);
    }
  }
}
