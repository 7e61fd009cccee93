import { describe, expect, it } from "vitest";
import { buildGraph } from "./graph";
import { graphOf, graphOfSources } from "./fixtures";

describe("buildGraph edges", () => {
  it("links a cell to the cells defining the names it reads", () => {
    const graph = graphOf(["a", ["x"], []], ["b", ["y"], ["x"]], ["c", [], ["x", "y", "console"]]);
    expect(graph.parents("c")).toEqual(["a", "b"]);
    expect(graph.children("a")).toEqual(["b", "c"]);
    expect(graph.parents("a")).toEqual([]);
    expect(graph.namesBetween("a", "c")).toEqual(["x"]);
    expect(graph.namesBetween("b", "c")).toEqual(["y"]);
    expect(graph.errors.size).toBe(0);
  });

  it("lists descendants transitively, in run order, without the cell itself", () => {
    const graph = graphOf(["a", ["x"], []], ["b", ["y"], ["x"]], ["c", ["z"], ["y"]], ["d", [], []], ["e", [], ["z", "x"]]);
    expect(graph.descendants("a")).toEqual(["b", "c", "e"]);
    expect(graph.descendants("c")).toEqual(["e"]);
    expect(graph.descendants("d")).toEqual([]);
  });

  it("does not link a cell to itself: reading its own definition is not a cycle", () => {
    const graph = graphOf(["a", ["x"], ["x"]], ["b", [], ["x"]]);
    expect(graph.parents("a")).toEqual([]);
    expect(graph.errors.size).toBe(0);
    expect(graph.order).toEqual(["a", "b"]);
  });

  it("refuses duplicate cell ids", () => {
    expect(() => graphOf(["a", [], []], ["a", [], []])).toThrow("duplicate");
  });
});

describe("buildGraph order", () => {
  it("runs a cell after the cells it reads from, even when they sit below it", () => {
    const graph = graphOf(["uses", [], ["late"]], ["other", [], []], ["defines", ["late"], []]);
    expect(graph.order).toEqual(["other", "defines", "uses"]);
  });

  it("breaks ties by notebook position", () => {
    const graph = graphOf(["a", [], []], ["b", ["x"], []], ["c", [], []], ["d", [], ["x"]]);
    expect(graph.order).toEqual(["a", "b", "c", "d"]);
    const diamond = graphOf(["top", ["t"], []], ["right", ["r"], ["t"]], ["left", ["l"], ["t"]], ["bottom", [], ["l", "r"]]);
    expect(diamond.order).toEqual(["top", "right", "left", "bottom"]);
  });

  it("orders a long chain without overflowing the stack", () => {
    const size = 20_000;
    const cells: Array<[string, string[], string[]]> = [];
    for (let i = size - 1; i >= 0; i--) cells.push([`c${i}`, [`v${i}`], i > 0 ? [`v${i - 1}`] : []]);
    const graph = graphOf(...cells);
    expect(graph.order[0]).toBe("c0");
    expect(graph.order.at(-1)).toBe(`c${size - 1}`);
    expect(graph.descendants("c0")).toHaveLength(size - 1);
  });
});

describe("buildGraph errors", () => {
  it("gives a multiple-defs error to both cells defining a name", () => {
    const graph = graphOf(["a", ["x", "y"], []], ["b", ["q"], []], ["c", ["x"], []]);
    for (const id of ["a", "c"]) {
      const error = graph.errors.get(id);
      expect(error).toMatchObject({ kind: "multiple-defs", name: "x", cells: ["a", "c"] });
      expect(error?.message).toContain("`x`");
      expect(error?.message).toContain("cell 1 and cell 3");
    }
    expect(graph.errors.has("b")).toBe(false);
  });

  it("names every conflicting name of a cell in its message", () => {
    const graph = graphOf(["a", ["x", "y"], []], ["b", ["x"], []], ["c", ["y"], []]);
    expect(graph.errors.get("a")?.message).toContain("`x` in cell 1 and cell 2; `y` in cell 1 and cell 3");
  });

  it("gives a cycle error to both cells of a two-cell cycle", () => {
    const graph = graphOf(["a", ["x"], ["y"]], ["b", ["y"], ["x"]], ["c", [], []]);
    for (const id of ["a", "b"]) {
      expect(graph.errors.get(id)).toEqual({
        kind: "cycle",
        cells: ["a", "b"],
        names: ["x", "y"],
        message: "cell 1 and cell 2 depend on each other in a cycle through `x` and `y`",
      });
    }
    expect(graph.errors.has("c")).toBe(false);
  });

  it("gives a cycle error to every cell of a three-cell cycle, and none to a cell hanging off it", () => {
    const graph = graphOf(["a", ["x"], ["z"]], ["b", ["y"], ["x"]], ["c", ["z"], ["y"]], ["d", [], ["z"]]);
    for (const id of ["a", "b", "c"]) {
      const error = graph.errors.get(id);
      expect(error).toMatchObject({ kind: "cycle", cells: ["a", "b", "c"] });
      expect(error?.kind === "cycle" ? [...error.names].sort() : []).toEqual(["x", "y", "z"]);
    }
    expect(graph.errors.has("d")).toBe(false);
    expect(graph.order.at(-1)).toBe("d");
  });

  it("uses the labels it is given in messages", () => {
    const graph = buildGraph([
      { id: "a", analysis: { defines: ["x"], references: [] }, label: "[4]" },
      { id: "b", analysis: { defines: ["x"], references: [] }, label: "[7]" },
    ]);
    expect(graph.errors.get("a")?.message).toContain("[4] and [7]");
  });
});

describe("buildGraph with analyzed cells", () => {
  it("creates no runtime edge for type-only references", () => {
    const graph = graphOfSources(
      ["types", "interface Shape { area: number }\ntype Id = string;\nclass Model {}"],
      ["user", "let s: Shape | undefined;\nlet id: Id = 'x';\nlet m: Model | null = null;"],
    );
    expect(graph.parents("user")).toEqual([]);
  });

  it("does not treat a name shadowed inside a function as a reference", () => {
    const graph = graphOfSources(["a", "const x = 1;"], ["b", "function twice(x: number) { return x * 2 }\nconst f = () => { const x = 3; return x };"]);
    expect(graph.parents("b")).toEqual([]);
  });

  it("links through destructured definitions", () => {
    const graph = graphOfSources(["a", "const { first, rest: [second] } = { first: 1, rest: [2] };"], ["b", "second + first"]);
    expect(graph.parents("b")).toEqual(["a"]);
    expect(graph.namesBetween("a", "b")).toEqual(["second", "first"]);
  });

  it("reports a redefinition across cells", () => {
    const graph = graphOfSources(["a", "let total = 1;"], ["b", "var total = 2;"]);
    expect(graph.errors.get("a")).toMatchObject({ kind: "multiple-defs", name: "total", cells: ["a", "b"] });
    expect(graph.errors.get("b")).toMatchObject({ kind: "multiple-defs", name: "total", cells: ["a", "b"] });
  });

  it("does not see a cycle in a cell that updates its own definition", () => {
    const graph = graphOfSources(["a", "let n = 0;\nn = n + 1;\nn"], ["b", "n * 2"]);
    expect(graph.errors.size).toBe(0);
    expect(graph.children("a")).toEqual(["b"]);
  });
});
