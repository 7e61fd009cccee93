import * as Y from "yjs";
import { expect, test } from "vitest";
import { isSaved } from "./saved-state";

const storedOf = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc));

test("a client is saved once the server's stored state vector covers its own clock", () => {
  const local = new Y.Doc();
  const server = new Y.Doc();
  expect(isSaved(local, null)).toBe(true); // nothing written yet

  local.getText("t").insert(0, "hello");
  expect(isSaved(local, null)).toBe(false);
  expect(isSaved(local, storedOf(server))).toBe(false);

  Y.applyUpdate(server, Y.encodeStateAsUpdate(local));
  expect(isSaved(local, storedOf(server))).toBe(true);

  local.getText("t").insert(5, "!");
  expect(isSaved(local, storedOf(server))).toBe(false);
});

test("other clients' stored edits do not count as ours", () => {
  const local = new Y.Doc();
  local.getText("t").insert(0, "x");
  const other = new Y.Doc();
  other.getText("t").insert(0, "a much longer text from someone else");
  expect(isSaved(local, storedOf(other))).toBe(false);
});
