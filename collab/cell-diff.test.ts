import { describe, expect, it } from "vitest";
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import { diffCells, replacementPatch, sourcePatch } from "./cell-diff";
import type { CellContent } from "./content";

const cell = (id: string, source = id, extra: Partial<CellContent> = {}): CellContent => ({
  id,
  kind: "code",
  source,
  metadata: {},
  outputs: [],
  executionCount: null,
  ...extra,
});

describe("diffCells", () => {
  it("matches cells by id and names what changed", () => {
    const from = [cell("a"), cell("b", "one\ntwo\n"), cell("c"), cell("d"), cell("e")];
    const to = [
      cell("a"),
      cell("d"),
      cell("b", "one\nTWO\n"),
      cell("e", "e", { kind: "markdown" }),
      cell("f", "new\n"),
    ];
    const { cells, summary } = diffCells(from, to);
    const byId = Object.fromEntries(cells.map((c) => [c.cellId, c]));
    expect(cells.map((c) => c.cellId)).toEqual(["a", "d", "b", "c", "e", "f"]);
    expect(byId.a).toMatchObject({ status: "unchanged", changes: [], index: { from: 0, to: 0 }, patch: null });
    expect(byId.d).toMatchObject({ status: "changed", changes: ["moved"], index: { from: 3, to: 1 } });
    expect(byId.b).toMatchObject({ status: "changed", changes: ["modified"] });
    expect(byId.b!.patch).toBe("--- a/b\n+++ b/b\n@@ -1,2 +1,2 @@\n one\n-two\n+TWO\n");
    expect(byId.c).toMatchObject({ status: "removed", kind: { from: "code", to: null }, index: { from: 2, to: null } });
    expect(byId.c!.patch).toContain("-c");
    expect(byId.e).toMatchObject({ status: "changed", changes: ["kind-changed"], kind: { from: "code", to: "markdown" } });
    expect(byId.f).toMatchObject({ status: "added", index: { from: null, to: 4 } });
    expect(byId.f!.patch).toContain("+new");
    expect(summary).toEqual({ added: 1, removed: 1, modified: 1, moved: 1, kindChanged: 1, unchanged: 1 });
  });

  it("reports metadata and output changes, and several changes of one cell together", () => {
    const from = [cell("a"), cell("b"), cell("c")];
    const to = [
      cell("b", "B", { metadata: { tags: ["x"] } }),
      cell("c"),
      cell("a", "a", { outputs: [{ output_type: "stream" }], executionCount: 1 }),
    ];
    const { cells } = diffCells(from, to);
    expect(cells[0]).toMatchObject({ cellId: "b", changes: ["modified", "metadata-changed"] });
    expect(cells[1]).toMatchObject({ cellId: "c", status: "unchanged" });
    expect(cells[2]).toMatchObject({ cellId: "a", changes: ["moved", "outputs-changed"] });
  });

  it("puts removed cells at the start when nothing before them survived", () => {
    const { cells } = diffCells([cell("x"), cell("a")], [cell("a")]);
    expect(cells.map((c) => [c.cellId, c.status])).toEqual([
      ["x", "removed"],
      ["a", "unchanged"],
    ]);
  });

  it("is empty for two empty notebooks", () => {
    expect(diffCells([], [])).toEqual({ cells: [], summary: { added: 0, removed: 0, modified: 0, moved: 0, kindChanged: 0, unchanged: 0 } });
  });
});

describe("sourcePatch", () => {
  it("is a unified diff with file headers only", () => {
    expect(sourcePatch("c1", "a\nb\n", "a\nB\n")).toBe("--- a/c1\n+++ b/c1\n@@ -1,2 +1,2 @@\n a\n-b\n+B\n");
  });

  it("falls back to replacing every line, in the same format, when a diff would cost too much", () => {
    for (const [before, after] of [
      ["a\nb\n", "c\nd\n"],
      ["a\nb", "c"],
      ["", "new\n"],
      ["old", ""],
    ] as const) {
      const expected = createTwoFilesPatch("a/x", "b/x", before, after, undefined, undefined, { headerOptions: FILE_HEADERS_ONLY });
      expect(replacementPatch("x", before, after)).toBe(expected);
    }
    const lines = (prefix: string) => Array.from({ length: 60_000 }, (_, i) => `${prefix}${i}`).join("\n");
    const patch = sourcePatch("big", lines("old"), lines("new"));
    expect(patch).toBe(replacementPatch("big", lines("old"), lines("new")));
  });
});
