import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import * as encoding from "lib0/encoding";
import { checkUpdate, decodeAwarenessEntries, decodeFrame, encodeAwarenessEntries, MalformedFrame } from "./messages";

/** An update whose second struct names itself as its left neighbour: it decodes, but Yjs throws halfway through applying it. */
function selfReferencingUpdate(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1); // one client
  encoding.writeVarUint(encoder, 1); // one struct
  encoding.writeVarUint(encoder, 7); // client 7
  encoding.writeVarUint(encoder, 0); // from clock 0
  encoding.writeUint8(encoder, 0x80 | 4); // has origin, ContentString
  encoding.writeVarUint(encoder, 7); // origin client 7...
  encoding.writeVarUint(encoder, 0); // ...clock 0: itself
  encoding.writeVarString(encoder, "x");
  encoding.writeVarUint(encoder, 0); // empty delete set
  return encoding.toUint8Array(encoder);
}

describe("collab messages", () => {
  it("accepts real updates", () => {
    const doc = new Y.Doc();
    doc.getText("t").insert(0, "hello");
    doc.getText("t").delete(1, 2);
    expect(() => checkUpdate(Y.encodeStateAsUpdate(doc))).not.toThrow();
  });

  it("refuses an update that decodes but refers forward in its own history", () => {
    const update = selfReferencingUpdate();
    expect(() => Y.decodeUpdate(update)).not.toThrow();
    expect(() => Y.applyUpdate(new Y.Doc(), update)).toThrow();
    expect(() => checkUpdate(update)).toThrow(MalformedFrame);
  });

  it("refuses bytes that are not an update", () => {
    expect(() => checkUpdate(new Uint8Array([5, 200, 1]))).toThrow(MalformedFrame);
  });

  it("decodes awareness updates completely and re-encodes them unchanged", () => {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    awareness.setLocalState({ user: { name: "Ada" } });
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]);
    const entries = decodeAwarenessEntries(update);
    expect(entries).toEqual([{ clientId: awareness.clientID, clock: 1, state: JSON.stringify({ user: { name: "Ada" } }) }]);
    expect(encodeAwarenessEntries(entries)).toEqual(update);
    expect(() => decodeAwarenessEntries(update.slice(0, -2))).toThrow(MalformedFrame);
  });

  it("names truncated frames and unknown types as malformed", () => {
    expect(() => decodeFrame(new Uint8Array([0, 2, 10, 1]))).toThrow(MalformedFrame);
    expect(() => decodeFrame(new Uint8Array([9]))).toThrow(MalformedFrame);
    expect(() => decodeFrame(new Uint8Array([0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toThrow(MalformedFrame);
    expect(decodeFrame(new Uint8Array([3]))).toEqual({ type: "query-awareness" });
  });
});
