import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { isAppError } from "../protocol/errors";
import { checkAnchors } from "./anchors";
import { cellSource, insertCell } from "./doc";

function notebook() {
  const doc = new Y.Doc();
  const a = insertCell(doc, 0, { source: "let rate = 0.3;" });
  const b = insertCell(doc, 1, { source: "console.log(rate);" });
  const at = (cellId: string, index: number) =>
    Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(cellSource(doc, cellId)!, index));
  return { doc, a, b, at };
}

function codeOf(fn: () => void): string {
  try {
    fn();
  } catch (error) {
    if (isAppError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  return "ok";
}

describe("checkAnchors", () => {
  it("accepts a whole-cell thread and a range inside the cell's text", () => {
    const { doc, a, at } = notebook();
    expect(codeOf(() => checkAnchors(doc, a, null))).toBe("ok");
    expect(codeOf(() => checkAnchors(doc, a, { start: at(a, 4), end: at(a, 8) }))).toBe("ok");
    // The end of the text is a position on the type itself, not on an item.
    expect(codeOf(() => checkAnchors(doc, a, { start: at(a, 0), end: at(a, 15) }))).toBe("ok");
  });

  it("refuses a cell that is not in the document", () => {
    const { doc } = notebook();
    expect(codeOf(() => checkAnchors(doc, "no-such-cell", null))).toMatch(/^not_found: cell no-such-cell/);
  });

  it("refuses a range in another cell's text, or backwards", () => {
    const { doc, a, b, at } = notebook();
    expect(codeOf(() => checkAnchors(doc, a, { start: at(b, 1), end: at(a, 3) }))).toMatch(/^invalid_body: anchorStart: points outside/);
    expect(codeOf(() => checkAnchors(doc, a, { start: at(a, 6), end: at(a, 2) }))).toMatch(/^invalid_body: anchorStart: must not come after/);
  });

  it("refuses bytes that are not an encoded relative position", () => {
    const { doc, a, at } = notebook();
    const good = at(a, 1);
    const cases = [new Uint8Array([9, 9, 9]), new Uint8Array([0]), new Uint8Array([...good, 7]), new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])];
    for (const bytes of cases) {
      expect(codeOf(() => checkAnchors(doc, a, { start: good, end: bytes }))).toMatch(/^invalid_body: anchorEnd: is not an encoded/);
    }
  });

  it("refuses a position on a top-level type", () => {
    const { doc, a, at } = notebook();
    const top = Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(doc.getText("other"), 0));
    expect(codeOf(() => checkAnchors(doc, a, { start: at(a, 0), end: top }))).toMatch(/top-level type/);
  });

  it("accepts a position in text the server has not received yet", () => {
    const { doc, a, at } = notebook();
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
    cellSource(client, a)!.insert(3, "XYZ");
    const ahead = Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(cellSource(client, a)!, 5));
    expect(codeOf(() => checkAnchors(doc, a, { start: at(a, 1), end: ahead }))).toBe("ok");
  });
});
