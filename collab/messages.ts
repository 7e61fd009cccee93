import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { DURABLE_MESSAGE } from "../protocol/collab";
import { COMMAND_MESSAGE } from "../protocol/kernel";

/** The y-websocket message types (the first varuint of every frame). */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
/** Tracebook's own: a kernel command on the notebook's socket (protocol/kernel.ts). */
export const MESSAGE_COMMAND = COMMAND_MESSAGE;

export type Incoming =
  | { type: "sync-step-1"; stateVector: Uint8Array }
  | { type: "update"; update: Uint8Array }
  | { type: "awareness"; update: Uint8Array }
  | { type: "query-awareness" }
  | { type: "command"; id: number; json: string };

/** Thrown for a frame that is not a well-formed y-websocket message. */
export class MalformedFrame extends Error {}

/**
 * Decodes one frame without applying anything, so the caller can authorize
 * and persist an update before the document sees it.
 */
export function decodeFrame(frame: Uint8Array): Incoming {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    let message: Incoming;
    switch (type) {
      case MESSAGE_SYNC: {
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (step === syncProtocol.messageYjsSyncStep1) message = { type: "sync-step-1", stateVector: payload };
        else if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) {
          message = { type: "update", update: payload };
        } else throw new MalformedFrame(`unknown sync step ${step}`);
        break;
      }
      case MESSAGE_AWARENESS:
        message = { type: "awareness", update: decoding.readVarUint8Array(decoder) };
        break;
      case MESSAGE_QUERY_AWARENESS:
        message = { type: "query-awareness" };
        break;
      case MESSAGE_COMMAND:
        message = { type: "command", id: decoding.readVarUint(decoder), json: decoding.readVarString(decoder) };
        break;
      default:
        throw new MalformedFrame(`unknown message type ${type}`);
    }
    return message;
  } catch (error) {
    if (error instanceof MalformedFrame) throw error;
    throw new MalformedFrame(`truncated or malformed frame: ${(error as Error).message}`);
  }
}

/**
 * Checks an update before it is stored: it must decode, and every struct
 * may refer to its own client's history only backwards. Yjs trusts the
 * latter and throws halfway through applying an update that breaks it,
 * after part of it is in the document; such an update must never get in.
 *
 * @example
 * checkUpdate(Y.encodeStateAsUpdate(doc)); // throws MalformedFrame when bad
 */
export function checkUpdate(update: Uint8Array): void {
  let structs: Array<Y.Item | Y.GC | Y.Skip>;
  try {
    structs = Y.decodeUpdate(update).structs;
  } catch {
    throw new MalformedFrame("the update does not decode");
  }
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const { client, clock } = struct.id;
    const parent = struct.parent instanceof Y.ID ? struct.parent : null;
    for (const ref of [struct.origin, struct.rightOrigin, parent]) {
      if (ref && ref.client === client && ref.clock >= clock) {
        throw new MalformedFrame("the update refers forward in its own history");
      }
    }
  }
}

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The state as JSON text; "null" removes the client. */
  state: string;
}

/** Decodes an awareness update completely, so a bad one is refused before any of it applies. */
export function decodeAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = decoding.readVarString(decoder);
      JSON.parse(state);
      entries.push({ clientId, clock, state });
    }
    return entries;
  } catch {
    throw new MalformedFrame("the awareness update does not decode");
  }
}

export function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

/**
 * The stored state vector, for clients that asked for it (protocol/collab.ts).
 * @example
 * connection.send(encodeDurable(Y.encodeStateVector(room.doc)));
 */
export function encodeDurable(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, DURABLE_MESSAGE);
  encoding.writeVarUint8Array(encoder, stateVector);
  return encoding.toUint8Array(encoder);
}

/** The reply to a command frame: same type and id, then the JSON reply. */
export function encodeCommandReply(id: number, reply: unknown): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_COMMAND);
  encoding.writeVarUint(encoder, id);
  encoding.writeVarString(encoder, JSON.stringify(reply));
  return encoding.toUint8Array(encoder);
}
