import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { expect, test } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { DURABLE_MESSAGE } from "@/protocol/collab";
import { followStoredState } from "./stored-state";

type Handler = (encoder: encoding.Encoder, decoder: decoding.Decoder) => void;

/** What the provider does with a frame: reads the type, hands the rest to that type's handler. */
function deliver(provider: { messageHandlers: Handler[] }, frame: Uint8Array): void {
  const decoder = decoding.createDecoder(frame);
  provider.messageHandlers[decoding.readVarUint(decoder)]!(encoding.createEncoder(), decoder);
}

function durableFrame(payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, DURABLE_MESSAGE);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

test("follows the stored state vector the server sends, ignores a malformed one, and unregisters", () => {
  const provider = { messageHandlers: [] as Handler[] };
  const stored = followStoredState(provider as unknown as WebsocketProvider);
  let changes = 0;
  stored.on("change", () => changes++);
  expect(stored.vector()).toBeNull();

  const doc = new Y.Doc();
  doc.getText("t").insert(0, "abc");
  deliver(provider, durableFrame(Y.encodeStateVector(doc)));
  expect(stored.vector()).toEqual(new Map([[doc.clientID, 3]]));
  expect(changes).toBe(1);

  deliver(provider, durableFrame(Uint8Array.of(5, 1)));
  expect(stored.vector()).toEqual(new Map([[doc.clientID, 3]]));
  expect(changes).toBe(1);

  stored.close();
  expect(provider.messageHandlers[DURABLE_MESSAGE]).toBeUndefined();
});
