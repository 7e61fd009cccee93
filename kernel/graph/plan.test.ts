import { describe, expect, it } from "vitest";
import { graphOf } from "./fixtures";
import { planRun, UnknownCellError } from "./plan";

// a -> b -> d, c alone, e reads a's x and sits above... order of the notebook: a b c d e
const chain = () =>
  graphOf(["a", ["x"], []], ["b", ["y"], ["x"]], ["c", ["w"], []], ["d", [], ["y"]], ["e", [], ["x"]]);

describe("planRun scope cell", () => {
  it("autorun: runs the cell, then all its descendants in run order", () => {
    expect(planRun(chain(), { scope: "cell", cellId: "a" }, "autorun")).toEqual({
      run: ["a", "b", "d", "e"],
      stale: [],
      blocked: new Map(),
    });
  });

  it("lazy: runs just the cell and reports its descendants stale", () => {
    expect(planRun(chain(), { scope: "cell", cellId: "a" }, "lazy")).toEqual({
      run: ["a"],
      stale: ["b", "d", "e"],
      blocked: new Map(),
    });
  });

  it("runs a cell without dependents alone in either mode", () => {
    expect(planRun(chain(), { scope: "cell", cellId: "c" }, "autorun").run).toEqual(["c"]);
    expect(planRun(chain(), { scope: "cell", cellId: "c" }, "lazy").stale).toEqual([]);
  });

  it("throws for a cell the graph does not have", () => {
    expect(() => planRun(chain(), { scope: "cell", cellId: "nope" }, "autorun")).toThrow(UnknownCellError);
    expect(() => planRun(chain(), { scope: "below", cellId: "nope" }, "lazy")).toThrow(UnknownCellError);
  });
});

describe("planRun scopes below and all", () => {
  // "reads" (top) reads `late`, defined by "defines" (bottom).
  const upsideDown = () =>
    graphOf(["top", ["t"], []], ["reads", [], ["late", "t"]], ["mid", [], []], ["defines", ["late"], []], ["last", [], ["late"]]);

  it("below: runs the cell and everything after it, in run order", () => {
    const graph = graphOf(["a", [], []], ["b", [], ["z"]], ["c", [], []], ["d", ["z"], []]);
    expect(planRun(graph, { scope: "below", cellId: "b" }, "lazy")).toEqual({
      run: ["c", "d", "b"],
      stale: [],
      blocked: new Map(),
    });
  });

  it("below: in autorun also reruns dependents above the range; in lazy marks them stale", () => {
    const graph = upsideDown();
    expect(planRun(graph, { scope: "below", cellId: "mid" }, "autorun").run).toEqual(["mid", "defines", "reads", "last"]);
    const lazy = planRun(graph, { scope: "below", cellId: "mid" }, "lazy");
    expect(lazy.run).toEqual(["mid", "defines", "last"]);
    expect(lazy.stale).toEqual(["reads"]);
  });

  it("all: runs every cell in run order", () => {
    expect(planRun(upsideDown(), { scope: "all" }, "lazy")).toEqual({
      run: ["top", "mid", "defines", "reads", "last"],
      stale: [],
      blocked: new Map(),
    });
  });
});

describe("planRun blocked cells", () => {
  it("blocks cells with multiple definitions and every cell downstream, and runs the rest", () => {
    const graph = graphOf(["a", ["x"], []], ["b", ["x"], []], ["c", ["y"], ["x"]], ["d", [], ["y"]], ["e", [], []]);
    const plan = planRun(graph, { scope: "all" }, "autorun");
    expect(plan.run).toEqual(["e"]);
    expect([...plan.blocked.keys()]).toEqual(["a", "b", "c", "d"]);
    expect(plan.blocked.get("a")).toBe(graph.errors.get("a"));
    const downstream = plan.blocked.get("d");
    expect(downstream).toMatchObject({ kind: "multiple-defs", name: "x", cells: ["a", "b"] });
    expect(downstream?.message).toMatch(/^Not run: it depends on cell 1, which cannot run\. Defined in more than one cell: `x`/);
  });

  it("blocks the cells of a cycle and their descendants", () => {
    const graph = graphOf(["a", ["x"], ["y"]], ["b", ["y"], ["x"]], ["c", [], ["y"]], ["d", [], []]);
    const plan = planRun(graph, { scope: "all" }, "lazy");
    expect(plan.run).toEqual(["d"]);
    expect(plan.blocked.get("a")?.kind).toBe("cycle");
    expect(plan.blocked.get("c")).toMatchObject({ kind: "cycle", cells: ["a", "b"] });
  });

  it("blocks a requested cell with an error; lazy still reports its descendants stale", () => {
    const graph = graphOf(["a", ["x"], []], ["b", ["x"], []], ["c", [], ["x"]]);
    const autorun = planRun(graph, { scope: "cell", cellId: "a" }, "autorun");
    expect(autorun.run).toEqual([]);
    expect([...autorun.blocked.keys()]).toEqual(["a", "c"]);
    const lazy = planRun(graph, { scope: "cell", cellId: "a" }, "lazy");
    expect([...lazy.blocked.keys()]).toEqual(["a"]);
    expect(lazy.stale).toEqual(["c"]);
  });
});
