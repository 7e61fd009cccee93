import { describe, expect, test } from "vitest";
import type { ThreadView } from "@/protocol/comments";
import { mergeAnswer, openThreadsByCell, orderThreads } from "./thread-list";

function thread(id: string, cellId: string, createdAt: string, extra: Partial<ThreadView> = {}): ThreadView {
  return {
    id,
    notebookId: "nb",
    cellId,
    anchorStart: null,
    anchorEnd: null,
    quote: null,
    createdBy: null,
    createdAt,
    resolved: false,
    resolvedAt: null,
    resolvedBy: null,
    comments: [],
    ...extra,
  } as ThreadView;
}

const comment = (id: string) => ({ id, threadId: "t", author: null, body: id, mentions: [], createdAt: "2024-01-01T00:00:00Z" }) as unknown as ThreadView["comments"][number];

const a = thread("a", "c1", "2024-01-01T00:00:01Z");
const b = thread("b", "c2", "2024-01-01T00:00:02Z", { resolved: true, resolvedAt: "2024-01-02T00:00:00Z" });
const c = thread("c", "c1", "2024-01-01T00:00:03Z");
const d = thread("d", "c1", "2024-01-01T00:00:04Z", { resolved: true, resolvedAt: "2024-01-03T00:00:00Z" });

describe("orderThreads", () => {
  test("open threads oldest first, then resolved ones latest resolved first", () => {
    expect(orderThreads([a, b, c, d]).map((t) => t.id)).toEqual(["a", "c", "d", "b"]);
  });

  test("filters by cell", () => {
    expect(orderThreads([a, b, c, d], { cellId: "c1" }).map((t) => t.id)).toEqual(["a", "c", "d"]);
    expect(orderThreads([a, b, c, d], { cellId: "c2" }).map((t) => t.id)).toEqual(["b"]);
    expect(orderThreads([a, b, c, d], { cellId: null }).map((t) => t.id)).toEqual(["a", "c", "d", "b"]);
  });
});

test("openThreadsByCell counts only open threads", () => {
  const byCell = openThreadsByCell([a, b, c, d]);
  expect(byCell.get("c1")?.map((t) => t.id)).toEqual(["a", "c"]);
  expect(byCell.has("c2")).toBe(false);
});

describe("mergeAnswer", () => {
  test("adds new threads in creation order and replaces known ones", () => {
    expect(mergeAnswer([a, c], b).map((t) => t.id)).toEqual(["a", "b", "c"]);
    const resolved = { ...a, resolved: true };
    expect(mergeAnswer([a, c], resolved)[0]).toBe(resolved);
  });

  test("an answer older than a live event (fewer comments) is dropped", () => {
    const live = { ...a, comments: [comment("1"), comment("2")] };
    const stale = { ...a, comments: [comment("1")], resolved: true };
    expect(mergeAnswer([live], stale)[0]).toBe(live);
  });
});
