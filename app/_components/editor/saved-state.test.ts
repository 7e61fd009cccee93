import * as Y from "yjs";
import { expect, test } from "vitest";
import { isSaved } from "./saved-state";

function serverState(doc: Y.Doc): Record<string, unknown> {
  return { server: true, durable: Buffer.from(Y.encodeStateVector(doc)).toString("base64") };
}

test("a client is saved once the server's stored state vector covers its own clock", () => {
  const local = new Y.Doc();
  const server = new Y.Doc();
  expect(isSaved(local, new Map())).toBe(true); // nothing written yet

  local.getText("t").insert(0, "hello");
  expect(isSaved(local, new Map())).toBe(false);
  expect(isSaved(local, new Map([[1, serverState(server)]]))).toBe(false);

  Y.applyUpdate(server, Y.encodeStateAsUpdate(local));
  expect(isSaved(local, new Map([[1, serverState(server)]]))).toBe(true);

  local.getText("t").insert(5, "!");
  expect(isSaved(local, new Map([[1, serverState(server)]]))).toBe(false);
});

test("other clients' states and malformed vectors do not count as stored", () => {
  const local = new Y.Doc();
  local.getText("t").insert(0, "x");
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(local));
  const states = new Map<number, Record<string, unknown>>([
    [2, { ...serverState(copy), server: false }],
    [3, { server: true, durable: "%%%not base64" }],
    [4, { server: true, durable: 42 }],
  ]);
  expect(isSaved(local, states)).toBe(false);
});
