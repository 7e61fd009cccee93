import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { ServerDraft } from "./server-draft";

describe("ServerDraft", () => {
  it("follows the source document and builds edits on its own earlier edits", () => {
    const source = new Y.Doc();
    source.getMap("m").set("a", 1);
    const draft = new ServerDraft(source);
    expect(draft.doc.getMap("m").get("a")).toBe(1);
    source.getMap("m").set("b", 2);
    expect(draft.doc.getMap("m").get("b")).toBe(2);

    const first = draft.edit((doc) => doc.getArray("out").push(["x"]));
    // Not yet applied to the source (it is being stored), yet the next edit sees it.
    const second = draft.edit((doc) => doc.getArray("out").push([`after ${doc.getArray("out").length}`]));
    expect(first).not.toBeNull();
    Y.applyUpdate(source, first!);
    Y.applyUpdate(source, second!);
    expect(source.getArray("out").toArray()).toEqual(["x", "after 1"]);
    draft.destroy();
  });

  it("returns null for an edit that changes nothing, and uses one client id for all edits", () => {
    const source = new Y.Doc();
    const draft = new ServerDraft(source);
    expect(draft.edit(() => undefined)).toBeNull();
    for (let i = 0; i < 5; i++) Y.applyUpdate(source, draft.edit((doc) => doc.getMap("m").set("k", i))!);
    const clients = [...Y.decodeStateVector(Y.encodeStateVector(source)).keys()];
    expect(clients).toEqual([draft.doc.clientID]);
    draft.destroy();
  });

  it("stops following once destroyed", () => {
    const source = new Y.Doc();
    const draft = new ServerDraft(source);
    draft.destroy();
    source.getMap("m").set("late", true);
    expect(draft.doc.getMap("m").get("late")).toBeUndefined();
  });
});
