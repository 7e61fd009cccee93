import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { cellSource, deleteCell, insertCell } from "@/collab/doc";
import { checkAnchors } from "@/collab/anchors";
import { decodeBase64, type ThreadView } from "@/protocol/comments";
import { anchorRange, resolveAnchor, subscribeToNotebookEvents, upsertThread } from "./comments";

function thread(id: string, createdAt: string, body = id): ThreadView {
  return {
    id,
    createdAt,
    comments: [{ body }],
  } as unknown as ThreadView;
}

describe("upsertThread", () => {
  it("replaces a thread by id and keeps the list oldest first", () => {
    const a = thread("a", "2025-01-01T00:00:00.000Z");
    const b = thread("b", "2025-01-02T00:00:00.000Z");
    const c = thread("c", "2025-01-03T00:00:00.000Z");
    expect(upsertThread([a, c], b).map((t) => t.id)).toEqual(["a", "b", "c"]);
    expect(upsertThread([a, b], c).map((t) => t.id)).toEqual(["a", "b", "c"]);
    const changed = upsertThread([a, b, c], thread("b", b.createdAt, "edited"));
    expect(changed.map((t) => t.comments[0]!.body)).toEqual(["a", "edited", "c"]);
  });
});

describe("anchors", () => {
  it("makes a range the server accepts and that follows edits until its text is deleted", () => {
    const doc = new Y.Doc();
    const id = insertCell(doc, 0, { source: "let rate = 0.3;" });
    const source = cellSource(doc, id)!;
    const range = anchorRange(source, 14, 11);
    expect(range.quote).toBe("0.3");
    checkAnchors(doc, id, { start: decodeBase64(range.anchorStart), end: decodeBase64(range.anchorEnd) });

    source.insert(0, "// tuned\n");
    // Typing right at either edge stays outside the range.
    source.insert(20, "(");
    source.insert(24, ")");
    let now = resolveAnchor(range, doc, source)!;
    expect(source.toString().slice(now.from, now.to)).toBe("0.3");
    source.insert(now.from + 1, "0");
    now = resolveAnchor(range, doc, source)!;
    expect(source.toString().slice(now.from, now.to)).toBe("00.3");

    source.delete(now.from, now.to - now.from);
    expect(resolveAnchor(range, doc, source)).toBeNull();
    expect(resolveAnchor({ anchorStart: null, anchorEnd: null }, doc, source)).toBeNull();
    deleteCell(doc, id);
    expect(resolveAnchor(range, doc, cellSource(doc, id))).toBeNull();
  });
});

class FakeEventSource {
  readyState = 1;
  closed = false;
  onerror: ((event: Event) => void) | null = null;
  private listeners = new Map<string, Array<(event: Event) => void>>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: Event) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  emit(type: string, data?: unknown) {
    const event = { type, data: data === undefined ? "" : JSON.stringify(data) } as unknown as Event;
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

describe("subscribeToNotebookEvents", () => {
  function subscribe(notebookId = "nb") {
    let source!: FakeEventSource;
    const seen: string[] = [];
    const stop = subscribeToNotebookEvents(
      notebookId,
      {
        onReady: () => seen.push("ready"),
        onComment: (event) => seen.push(`${event.action}:${event.thread.id}`),
        onEnd: (reason) => seen.push(`end:${reason}`),
      },
      (url) => (source = new FakeEventSource(url)) as unknown as EventSource,
    );
    return { source, seen, stop };
  }

  it("passes on this notebook's comment events and reconnects after a server restart", () => {
    const { source, seen } = subscribe();
    expect(source.url).toBe("/api/notebooks/nb/events");
    source.emit("ready");
    source.emit("comment", { notebookId: "nb", action: "created", thread: { id: "t1" } });
    source.emit("comment", { notebookId: "other", action: "created", thread: { id: "t2" } });
    source.emit("comment", "not an event");
    source.emit("end", { reason: "shutdown" });
    expect(source.closed).toBe(false);
    source.emit("ready");
    expect(seen).toEqual(["ready", "created:t1", "ready"]);
  });

  it("stops for good when access ends or the server refuses the stream", () => {
    const revoked = subscribe();
    revoked.source.emit("end", { reason: "revoked" });
    expect(revoked.source.closed).toBe(true);
    expect(revoked.seen).toEqual(["end:revoked"]);

    const refused = subscribe();
    refused.source.readyState = 2;
    refused.source.onerror?.({} as Event);
    expect(refused.seen).toEqual(["end:refused"]);
  });

  it("unsubscribes", () => {
    const { source, seen, stop } = subscribe();
    stop();
    expect(source.closed).toBe(true);
    expect(seen).toEqual([]);
  });
});
