import { describe, expect, it } from "vitest";
import { removedDefinitions, staleAfterChange } from "./changes";
import { graphOf } from "./fixtures";

// a defines x; b reads x and defines y; c reads y; d is unrelated.
const before = () => graphOf(["a", ["x"], []], ["b", ["y"], ["x"]], ["c", [], ["y"]], ["d", ["w"], []]);

describe("staleAfterChange and removedDefinitions", () => {
  it("on deletion: marks the direct readers stale and forgets the names", () => {
    const after = graphOf(["b", ["y"], ["x"]], ["c", [], ["y"]], ["d", ["w"], []]);
    expect(staleAfterChange(before(), after)).toEqual(["b"]);
    expect(removedDefinitions(before(), after)).toEqual(["x"]);
  });

  it("on a definition removed by an edit: same as a deletion", () => {
    const after = graphOf(["a", ["renamed"], []], ["b", ["y"], ["x"]], ["c", [], ["y"]], ["d", ["w"], []]);
    expect(staleAfterChange(before(), after)).toEqual(["b"]);
    expect(removedDefinitions(before(), after)).toEqual(["x"]);
  });

  it("changes nothing when an edit keeps the same definitions", () => {
    const after = graphOf(["a", ["x"], ["new"]], ["b", ["y"], ["x"]], ["c", [], ["y"]], ["d", ["w"], []]);
    expect(staleAfterChange(before(), after)).toEqual([]);
    expect(removedDefinitions(before(), after)).toEqual([]);
  });

  it("on a definition moved to another cell: readers are stale and the old value is forgotten", () => {
    const after = graphOf(["a", [], []], ["b", ["y"], ["x"]], ["c", [], ["y"]], ["d", ["w", "x"], []]);
    expect(staleAfterChange(before(), after)).toEqual(["b"]);
    expect(removedDefinitions(before(), after)).toEqual(["x"]);
  });

  it("on a second definition added: readers are stale, nothing is forgotten", () => {
    const after = graphOf(["a", ["x"], []], ["b", ["y"], ["x"]], ["c", [], ["y"]], ["d", ["w"], []], ["e", ["x"], []]);
    expect(staleAfterChange(before(), after)).toEqual(["b"]);
    expect(removedDefinitions(before(), after)).toEqual([]);
  });

  it("on a missing name getting defined: its readers are stale", () => {
    const prev = graphOf(["a", [], ["missing"]], ["b", [], []]);
    const next = graphOf(["a", [], ["missing"]], ["b", ["missing"], []]);
    expect(staleAfterChange(prev, next)).toEqual(["a"]);
  });

  it("does not mark a new cell stale", () => {
    const after = graphOf(["b", ["y"], ["x"]], ["c", [], ["y"]], ["d", ["w"], []], ["n", [], ["x"]]);
    expect(staleAfterChange(before(), after)).toEqual(["b"]);
  });
});
